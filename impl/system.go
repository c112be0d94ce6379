package impl

import (
	"context"
	"fmt"
	"strconv"

	"github.com/onespec/onespec/gen"
)

// GetLoginInfo is get_login_info 获取登录号信息.
func (s *Server) GetLoginInfo(ctx context.Context, _ gen.GetLoginInfoRequestObject) (gen.GetLoginInfoResponseObject, error) {
	self := s.world.Self()
	return gen.GetLoginInfo200JSONResponse(result(ctx, gen.LoginInfo{UserID: self.ID, Nickname: self.Nickname}, nil)), nil
}

// GetCookies is get_cookies 获取 Cookies.
func (s *Server) GetCookies(ctx context.Context, req gen.GetCookiesRequestObject) (gen.GetCookiesResponseObject, error) {
	data := gen.GetCookiesData{Cookies: s.cookies(value(value(req.Body).Domain))}
	return gen.GetCookies200JSONResponse(result(ctx, data, nil)), nil
}

// GetCsrfToken is get_csrf_token 获取 CSRF Token.
func (s *Server) GetCsrfToken(ctx context.Context, _ gen.GetCsrfTokenRequestObject) (gen.GetCsrfTokenResponseObject, error) {
	return gen.GetCsrfToken200JSONResponse(result(ctx, gen.GetCsrfTokenData{Token: s.csrfToken()}, nil)), nil
}

// GetCredentials is get_credentials 获取 QQ 相关接口凭证.
func (s *Server) GetCredentials(ctx context.Context, req gen.GetCredentialsRequestObject) (gen.GetCredentialsResponseObject, error) {
	token := s.csrfToken()
	data := gen.GetCredentialsData{Cookies: s.cookies(value(value(req.Body).Domain)), CsrfToken: &token}
	return gen.GetCredentials200JSONResponse(result(ctx, data, nil)), nil
}

// skey is the simulated account's session key, stable per account so bots can cache it.
func (s *Server) skey() string {
	return fmt.Sprintf("@os%07d", s.world.Self().ID%10000000)
}

// cookies are the simulated web cookies; a domain adds its p_skey, as QQ does.
func (s *Server) cookies(domain string) string {
	uin := strconv.FormatInt(s.world.Self().ID, 10)
	c := "uin=o" + uin + "; skey=" + s.skey()
	if domain != "" {
		c += "; p_uin=o" + uin + "; p_skey=" + fmt.Sprintf("%x", hash(domain+s.skey()))
	}
	return c
}

// csrfToken is QQ's bkn: the "time 33" hash of the skey, as web APIs compute it.
func (s *Server) csrfToken() int32 {
	return int32(hash(s.skey()) & 0x7fffffff)
}

func hash(s string) uint32 {
	h := uint32(5381)
	for _, c := range []byte(s) {
		h += h<<5 + uint32(c)
	}
	return h
}
