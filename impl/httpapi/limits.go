package httpapi

import (
	"fmt"
	"net/http"

	"github.com/onespec/onespec/gen/core"
)

// Default limits of one HTTP request, documented in `onespec serve --help` and docs/security.md.
const (
	// DefaultMaxBody bounds one request body; OneBot parameters are small, base64 images aside.
	DefaultMaxBody = 32 << 20
)

// tooManyValues is the failure of a body with more than max JSON values.
func tooManyValues(max int) *failure {
	return &failure{http.StatusRequestEntityTooLarge, core.RetcodeBadRequest,
		fmt.Sprintf("request body has more than %d JSON values (objects, strings, numbers...): split the call or raise --max-request-values", max),
		"请求体的 JSON 值过多"}
}
