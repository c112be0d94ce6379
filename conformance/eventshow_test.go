package conformance

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An event check that fails shows the offending event, trimmed, beside the world call that
// drove it, in the result and in the text report.
func TestEventFailureShowsTheEvent(t *testing.T) {
	report := runEvents(t, eventFaults{msTime: true}, ProfileOneBot11, regexp.MustCompile(`^event/group-message$`))
	res := find(t, report, "event/group-message")
	require.Equal(t, Fail, res.Status, res.Reason)
	assert.Regexp(t, `^(forward WebSocket|event stream|HTTP POST): \{.*"time":\d{13}`, res.Event)
	assert.Contains(t, res.Request, worldPath, "the request is the world call that drove the event")
	var text bytes.Buffer
	require.NoError(t, report.WriteText(&text))
	assert.Contains(t, text.String(), "event: "+res.Event)

	pass := runEvents(t, eventFaults{}, ProfileOneBot11, regexp.MustCompile(`^event/group-message$`))
	assert.Empty(t, find(t, pass, "event/group-message").Event, "a passing check shows no event")
}
