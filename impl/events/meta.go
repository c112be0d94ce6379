package events

import "time"

// Meta events (event/meta.md) are the transports' own: they say that a connection is up and
// that the implementation is alive, whatever the world does.

// LifecycleSubType is a lifecycle meta event's sub_type.
type LifecycleSubType string

const (
	// LifecycleConnect is sent first on every event connection (forward and reverse WebSocket).
	LifecycleConnect LifecycleSubType = "connect"
	// LifecycleEnable is sent when OneBot is enabled (HTTP POST).
	LifecycleEnable LifecycleSubType = "enable"
	// LifecycleDisable is sent when OneBot is disabled (HTTP POST).
	LifecycleDisable LifecycleSubType = "disable"
)

// metaEvent is the fields every meta event has.
type metaEvent struct {
	Time          int64  `json:"time"`
	SelfID        int64  `json:"self_id"`
	PostType      string `json:"post_type"`
	MetaEventType string `json:"meta_event_type"`
}

// LifecycleEvent is the lifecycle meta event.
type LifecycleEvent struct {
	metaEvent
	SubType LifecycleSubType `json:"sub_type"`
}

// HeartbeatEvent is the heartbeat meta event.
type HeartbeatEvent struct {
	metaEvent
	// Status is what get_status answers.
	Status any `json:"status"`
	// Interval is the time to the next heartbeat, in milliseconds.
	Interval int64 `json:"interval"`
}

const postTypeMeta = "meta_event"

// now is the clock of meta events; tests may replace it.
var now = time.Now

// Lifecycle is a lifecycle meta event for selfID.
func Lifecycle(selfID int64, sub LifecycleSubType) LifecycleEvent {
	return LifecycleEvent{metaEvent{now().Unix(), selfID, postTypeMeta, "lifecycle"}, sub}
}

// Heartbeat is a heartbeat meta event for selfID.
func Heartbeat(selfID int64, status any, interval time.Duration) HeartbeatEvent {
	return HeartbeatEvent{metaEvent{now().Unix(), selfID, postTypeMeta, "heartbeat"}, status, interval.Milliseconds()}
}
