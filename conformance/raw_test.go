package conformance

// Generated-interface plumbing for the tests: one response type that every strict handler
// accepts, so that a test can make any operation answer arbitrary bytes.

import "net/http"

// raw is an answer written verbatim: the status and the body, whatever they are. It satisfies
// every gen.<Op>ResponseObject, which is how the tests build deliberately wrong servers.
type raw struct {
	status int
	body   string
}

func (r raw) write(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	_, err := w.Write([]byte(r.body))
	return err
}

func (r raw) VisitCanSendImageResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitCanSendRecordResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r raw) VisitCleanCacheResponse(w http.ResponseWriter) error           { return r.write(w) }
func (r raw) VisitDeleteMsgResponse(w http.ResponseWriter) error            { return r.write(w) }
func (r raw) VisitGetCookiesResponse(w http.ResponseWriter) error           { return r.write(w) }
func (r raw) VisitGetCredentialsResponse(w http.ResponseWriter) error       { return r.write(w) }
func (r raw) VisitGetCsrfTokenResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitGetForwardMsgResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r raw) VisitGetFriendListResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r raw) VisitGetGroupHonorInfoResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r raw) VisitGetGroupInfoResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitGetGroupListResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitGetGroupMemberInfoResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r raw) VisitGetGroupMemberListResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r raw) VisitGetImageResponse(w http.ResponseWriter) error             { return r.write(w) }
func (r raw) VisitGetLoginInfoResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitGetMsgResponse(w http.ResponseWriter) error               { return r.write(w) }
func (r raw) VisitGetRecordResponse(w http.ResponseWriter) error            { return r.write(w) }
func (r raw) VisitGetStatusResponse(w http.ResponseWriter) error            { return r.write(w) }
func (r raw) VisitGetStrangerInfoResponse(w http.ResponseWriter) error      { return r.write(w) }
func (r raw) VisitGetVersionInfoResponse(w http.ResponseWriter) error       { return r.write(w) }
func (r raw) VisitHandleQuickOperationResponse(w http.ResponseWriter) error { return r.write(w) }
func (r raw) VisitSendGroupMsgResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitSendLikeResponse(w http.ResponseWriter) error             { return r.write(w) }
func (r raw) VisitSendMsgResponse(w http.ResponseWriter) error              { return r.write(w) }
func (r raw) VisitSendPrivateMsgResponse(w http.ResponseWriter) error       { return r.write(w) }
func (r raw) VisitSetFriendAddRequestResponse(w http.ResponseWriter) error  { return r.write(w) }
func (r raw) VisitSetGroupAddRequestResponse(w http.ResponseWriter) error   { return r.write(w) }
func (r raw) VisitSetGroupAdminResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r raw) VisitSetGroupAnonymousBanResponse(w http.ResponseWriter) error { return r.write(w) }
func (r raw) VisitSetGroupAnonymousResponse(w http.ResponseWriter) error    { return r.write(w) }
func (r raw) VisitSetGroupBanResponse(w http.ResponseWriter) error          { return r.write(w) }
func (r raw) VisitSetGroupCardResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitSetGroupKickResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitSetGroupLeaveResponse(w http.ResponseWriter) error        { return r.write(w) }
func (r raw) VisitSetGroupNameResponse(w http.ResponseWriter) error         { return r.write(w) }
func (r raw) VisitSetGroupSpecialTitleResponse(w http.ResponseWriter) error { return r.write(w) }
func (r raw) VisitSetGroupWholeBanResponse(w http.ResponseWriter) error     { return r.write(w) }
func (r raw) VisitSetRestartResponse(w http.ResponseWriter) error           { return r.write(w) }
