package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/onespec/onespec/gen"
)

// The CQ-code escaping round trip (message/string.md 转义): in the string form of a message,
// the text's & [ ] are written &amp; &#91; &#93; (and , too, but only inside a CQ code's
// parameters), while the array form holds the text as it is. A text with & [ ] , sent as a
// segment must read back through get_msg as the same text: escaped when get_msg answers a CQ
// string, plain in text segments when it answers an array. A CQ code sent as a string with
// auto_escape (api/public.md: 消息内容是否作为纯文本发送, 即不解析 CQ 码) is text too, never a
// segment of its own.

// refEscape is the standard's section on escaping in the string form.
const refEscape = standardDoc + "message/string.md#转义"

// cqEscapeText escapes a text for the string form, outside CQ codes.
var cqEscapeText = strings.NewReplacer("&", "&amp;", "[", "&#91;", "]", "&#93;")

// cqEscapeRoundtrip sends a text with every character the string form escapes, as a segment,
// then a CQ code as a string with auto_escape, reads both back with get_msg, and recalls them.
func (s *suite) cqEscapeRoundtrip(ctx context.Context, send, get, del *op) outcome {
	group := s.targets.group
	if group == 0 {
		return skipf("no target group")
	}
	tag := randomHex(4)
	tries := []struct {
		what    string
		literal string
		body    map[string]any
	}{
		{what: "a text segment holding & [ ] ,", literal: "onespec & [escape], " + tag},
		{what: "a CQ code sent as a string with auto_escape", literal: "onespec [CQ:face,id=14] " + tag},
	}
	tries[0].body = map[string]any{"group_id": group, "message": []any{map[string]any{"type": "text", "data": map[string]any{"text": tries[0].literal}}}}
	tries[1].body = map[string]any{"group_id": group, "message": tries[1].literal, "auto_escape": true}

	var ps problems
	var notes []string
	for _, try := range tries {
		var sent gen.SendMsgData
		if out := s.step(ctx, send, try.body, &sent, true); out != nil {
			out.reason = fmt.Sprintf("sending %s: %s", try.what, out.reason)
			return *out
		}
		var got map[string]any
		out := s.step(ctx, get, gen.GetMsgJSONRequestBody{MessageID: sent.MessageID}, &got, false)
		_ = s.step(ctx, del, gen.DeleteMsgJSONRequestBody{MessageID: sent.MessageID}, nil, false)
		if out != nil {
			out.reason = fmt.Sprintf("reading back message %d (%s): %s", sent.MessageID, try.what, out.reason)
			return *out
		}
		form := judgeEscaped(got["message"], try.literal, fieldData+".message", &ps)
		if raw, ok := got["raw_message"].(string); ok && raw != cqEscapeText.Replace(try.literal) {
			// raw_message is an extension (go-cqhttp, NapCat), always in the string form.
			ps.addAt(Required, refEscape, fieldData+".raw_message", "a text not escaped in the string form",
				"%s of %s is %q, want %q (& [ ] escaped as &amp; &#91; &#93;)", get.name, try.what, raw, cqEscapeText.Replace(try.literal))
		}
		notes = append(notes, fmt.Sprintf("%s read back in %s form", try.what, form))
	}
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// judgeEscaped judges a message read back that was sent as the text literal: a CQ string must
// be literal escaped; an array (or one segment) must be text segments whose texts join to
// literal. It says which form the target answered in.
func judgeEscaped(message any, literal, path string, ps *problems) string {
	want := cqEscapeText.Replace(literal)
	switch m := message.(type) {
	case string:
		if m != want {
			ps.addAt(Required, refEscape, path, "a text not escaped in the string form",
				"the CQ string %q, want %q: in the string form & [ ] are written &amp; &#91; &#93; and a sent text stays one text", m, want)
		}
		return "string"
	case map[string]any:
		return judgeEscaped([]any{m}, literal, path, ps)
	case []any:
		var text strings.Builder
		for i, seg := range m {
			sm, _ := seg.(map[string]any)
			data, _ := sm["data"].(map[string]any)
			if sm["type"] != "text" {
				raw, _ := json.Marshal(seg)
				ps.addAt(Required, refEscape, fmt.Sprintf("%s.%d", path, i), "a sent text read back as another segment",
					"segment %s where the text %q was sent: a text is never parsed into CQ codes", raw, literal)
				continue
			}
			t, _ := data["text"].(string)
			text.WriteString(t)
		}
		if got := text.String(); got != literal && !strings.Contains(got, want) {
			ps.addAt(Required, refEscape, path, "a text changed in the array form",
				"the text segments read %q, want %q: the array form holds the text as sent, unescaped", got, literal)
		} else if got != literal {
			ps.addAt(Required, refEscape, path, "a text escaped in the array form",
				"the text segments read %q, want %q: escapes belong to the string form only", got, literal)
		}
		return "array"
	}
	ps.addAt(Required, refEscape, path, "", "message is %s, neither a CQ string nor segments", jsonText(message))
	return "unknown"
}
