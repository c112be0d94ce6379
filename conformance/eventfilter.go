package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// The event filter (事件过滤器, go-cqhttp's JSON rules, reloaded by reload_event_filter): the
// suite writes a filter that withholds group messages carrying one marker, has the bot load it,
// and makes a simulated member send such a message and then another. The second must arrive
// on every transport with nothing of the first before it (events keep their order, so no clock
// decides). The filter file is read by the target from its own disk: the check runs only
// against a target on this machine. Afterwards the bot loads a filter that passes everything,
// then none.

// filterRule is the filter that withholds the events whose raw_message contains marker.
func filterRule(marker string) map[string]any {
	return map[string]any{fieldRawMessage: map[string]any{".not": map[string]any{".contains": marker}}}
}

// eventFilterCheck is the bot's event filter round trip.
func (s *suite) eventFilterCheck() check {
	return s.roundTripCheck("event-filter", []string{gen.ActionReloadEventFilter}, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.eventFilterRoundtrip(ctx, rig, ops[0])
	})
}

func (s *suite) eventFilterRoundtrip(ctx context.Context, rig *eventRig, reload *op) outcome {
	if host, local := loopbackHost(s.httpBase()); !local {
		return skipf("the target reads the filter file from its own disk, and %s is not this machine", host)
	}
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	dir, err := os.MkdirTemp("", "onespec-conform-filter-")
	if err != nil {
		return failCause(Onespec, "", "", "the suite cannot write a filter file", "%v", err)
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "filter.json")
	load := func(rules any) *outcome {
		raw, _ := json.Marshal(rules)
		if err := os.WriteFile(file, raw, 0o600); err != nil {
			out := failCause(Onespec, "", "", "the suite cannot write a filter file", "%v", err)
			return &out
		}
		return s.step(ctx, reload, gen.ReloadEventFilterJSONRequestBody{File: &file}, nil, true)
	}
	withheld := s.marker("filtered out")
	if out := load(filterRule(withheld)); out != nil {
		out.reason = fmt.Sprintf("loading a filter file: %s", out.reason)
		return *out
	}
	out := s.withheldThenPassed(ctx, rig, fx, reload, withheld)
	// Pass everything again (a family that cannot drop its filter keeps this one), then drop
	// the file: the bot ends with no filter where the target allows it.
	if undo := load(map[string]any{}); undo != nil {
		out.reason = joinNonEmpty("; ", out.reason, "could not lift the filter: "+undo.reason)
	}
	none := ""
	_ = s.step(ctx, reload, gen.ReloadEventFilterJSONRequestBody{File: &none}, nil, true)
	return out
}

// withheldThenPassed makes the fixture's member send the withheld message and then another,
// and judges that only the other arrives.
func (s *suite) withheldThenPassed(ctx context.Context, rig *eventRig, fx *fixture, reload *op, withheld string) outcome {
	passed := s.marker("let through")
	driven := time.Now()
	for _, text := range []string{withheld, passed} {
		params := map[string]any{"user_id": fx.member, "group_id": fx.group, "message": text}
		if err := s.act(ctx, rig, control.ActionSendMessage, params, &control.WorldMessageID{}); err != nil {
			return stopOutcome(err)
		}
	}
	leaked := 0
	want := expectedEvent{schema: schemaGroupMessage, ref: refEventMessage, want: eventFields{fieldGroupID: fx.group},
		what: fmt.Sprintf("the group message %q of %d in %d, sent after one the filter withholds", passed, fx.member, fx.group)}
	want.driven = driven
	want.match = func(m map[string]any) bool {
		raw, _ := m[fieldRawMessage].(string)
		if strings.Contains(raw, withheld) {
			leaked++
		}
		return strings.Contains(raw, passed)
	}
	var ps problems
	got, _ := s.awaitEvent(ctx, rig.sources, want, &ps)
	if leaked > 0 {
		ps.addAt(Onespec, "", fieldRawMessage, "an event the filter withholds was delivered",
			"%s answered ok to loading a filter that withholds raw_message containing %q, yet that message was delivered on %d of %d transports",
			reload.name, withheld, leaked, len(rig.sources))
	}
	notes := append(got, fmt.Sprintf("a filter loaded by %s withheld the message %q and let the next through", reload.name, withheld))
	return outcome{ps: ps, reason: strings.Join(notes, "; ")}
}

// loopbackHost is the host of a URL and whether it is this machine (a loopback address or
// localhost).
func loopbackHost(base string) (string, bool) {
	u, err := url.Parse(base)
	if err != nil {
		return base, false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return host, true
	}
	ip := net.ParseIP(host)
	return host, ip != nil && ip.IsLoopback()
}
