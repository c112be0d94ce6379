package impl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// GetClientkey is get_clientkey 获取 ClientKey.
func (s *Server) GetClientkey(ctx context.Context, _ gen.GetClientkeyRequestObject) (gen.GetClientkeyResponseObject, error) {
	self, err := s.bot(ctx).Self(ctx)
	key := clientKey(self.ID)
	return gen.GetClientkey200JSONResponse(result(ctx, gen.ClientkeyData{Clientkey: &key}, err)), nil
}

// clientKey is the simulated account's client key: derived from its QQ number and session key,
// so it is stable per account and differs between accounts.
func clientKey(self int64) string {
	sum := sha256.Sum256([]byte("clientkey|" + strconv.FormatInt(self, 10) + "|" + skey(self)))
	return hex.EncodeToString(sum[:])
}

// CheckURLSafely is check_url_safely 检查链接安全性.
func (s *Server) CheckURLSafely(ctx context.Context, req gen.CheckURLSafelyRequestObject) (gen.CheckURLSafelyResponseObject, error) {
	level, err := s.bot(ctx).URLSafety(ctx, value(req.Body).URL)
	return gen.CheckURLSafely200JSONResponse(result(ctx, gen.LinkSafety{Level: level}, err)), nil
}
