package impl

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// GetLoginInfo is get_login_info 获取登录号信息.
func (s *Server) GetLoginInfo(ctx context.Context, _ gen.GetLoginInfoRequestObject) (gen.GetLoginInfoResponseObject, error) {
	self, err := s.bot(ctx).Self(ctx)
	return gen.GetLoginInfo200JSONResponse(result(ctx, gen.LoginInfo{UserID: self.ID, Nickname: self.Nickname}, err)), nil
}

// GetCookies is get_cookies 获取 Cookies.
func (s *Server) GetCookies(ctx context.Context, req gen.GetCookiesRequestObject) (gen.GetCookiesResponseObject, error) {
	cookies, err := s.cookies(ctx, value(value(req.Body).Domain))
	return gen.GetCookies200JSONResponse(result(ctx, gen.GetCookiesData{Cookies: cookies}, err)), nil
}

// GetCsrfToken is get_csrf_token 获取 CSRF Token.
func (s *Server) GetCsrfToken(ctx context.Context, _ gen.GetCsrfTokenRequestObject) (gen.GetCsrfTokenResponseObject, error) {
	self, err := s.bot(ctx).Self(ctx)
	return gen.GetCsrfToken200JSONResponse(result(ctx, gen.GetCsrfTokenData{Token: csrfToken(self.ID)}, err)), nil
}

// GetCredentials is get_credentials 获取 QQ 相关接口凭证.
func (s *Server) GetCredentials(ctx context.Context, req gen.GetCredentialsRequestObject) (gen.GetCredentialsResponseObject, error) {
	cookies, err := s.cookies(ctx, value(value(req.Body).Domain))
	self, _ := s.bot(ctx).Self(ctx) // cookies has just found the bot, or err says why not
	token := csrfToken(self.ID)
	data := gen.GetCredentialsData{Cookies: cookies, CsrfToken: &token}
	return gen.GetCredentials200JSONResponse(result(ctx, data, err)), nil
}

// skey is the simulated account's session key, stable per account so bots can cache it.
func skey(self int64) string {
	return fmt.Sprintf("@os%07d", self%10000000)
}

// cookies are the simulated web cookies of the call's bot; a domain adds its p_skey, as QQ
// does.
func (s *Server) cookies(ctx context.Context, domain string) (string, error) {
	self, err := s.bot(ctx).Self(ctx)
	if err != nil {
		return "", err
	}
	uin := strconv.FormatInt(self.ID, 10)
	c := "uin=o" + uin + "; skey=" + skey(self.ID)
	if domain != "" {
		c += "; p_uin=o" + uin + "; p_skey=" + fmt.Sprintf("%x", hash(domain+skey(self.ID)))
	}
	return c, nil
}

// csrfToken is QQ's bkn: the "time 33" hash of the skey, as web APIs compute it.
func csrfToken(self int64) int32 {
	return int32(hash(skey(self)) & 0x7fffffff)
}

func hash(s string) uint32 {
	h := uint32(5381)
	for _, c := range []byte(s) {
		h += h<<5 + uint32(c)
	}
	return h
}
