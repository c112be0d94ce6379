package events

import (
	"time"

	"github.com/onespec/onespec/gen/core"
)

// Meta events (event/meta.md) are the transports' own: they say that a connection is up and
// that the implementation is alive, whatever the world does.

// HeartbeatEvent is the heartbeat meta event. It is the spec's HeartbeatMetaEvent but for its
// status, which is get_status's data as the server has it rather than the generated type's
// map, so that a heartbeat does not convert it.
type HeartbeatEvent struct {
	Time          int64                                `json:"time"`
	SelfID        int64                                `json:"self_id"`
	PostType      core.HeartbeatMetaEventPostType      `json:"post_type"`
	MetaEventType core.HeartbeatMetaEventMetaEventType `json:"meta_event_type"`
	// Status is what get_status answers.
	Status any `json:"status"`
	// Interval is the time to the next heartbeat, in milliseconds.
	Interval int64 `json:"interval"`
}

// now is the clock of meta events; tests may replace it.
var now = time.Now

// Lifecycle is a lifecycle meta event for selfID: connect is sent first on every event
// connection (forward and reverse WebSocket).
func Lifecycle(selfID int64, sub core.LifecycleMetaEventSubType) core.LifecycleMetaEvent {
	return core.LifecycleMetaEvent{Time: now().Unix(), SelfID: selfID, PostType: core.LifecycleMetaEventPostTypeMetaEvent,
		MetaEventType: core.LifecycleMetaEventMetaEventTypeLifecycle, SubType: sub}
}

// Heartbeat is a heartbeat meta event for selfID.
func Heartbeat(selfID int64, status any, interval time.Duration) HeartbeatEvent {
	return HeartbeatEvent{Time: now().Unix(), SelfID: selfID, PostType: core.HeartbeatMetaEventPostTypeMetaEvent,
		MetaEventType: core.HeartbeatMetaEventMetaEventTypeHeartbeat, Status: status, Interval: interval.Milliseconds()}
}
