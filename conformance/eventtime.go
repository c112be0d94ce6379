package conformance

// An event's time (event/README.md 事件公共字段: time, 事件发生的时间戳) is a Unix timestamp in
// seconds; an implementation written against JavaScript's Date.now() sends milliseconds, which a
// bot reads as a date thousands of years ahead. The schema cannot tell the two apart (both are
// integers), so the event checks judge the magnitude.

// refEventTime is the standard's section on the fields every event has.
const refEventTime = standardDoc + "event/README.md"

// msTimeFloor is the least time that must be milliseconds: 10^11 seconds is the year 5138,
// while 10^11 milliseconds is 1973, long before any bot.
const msTimeFloor = 1e11

// judgeTime flags an event whose time is in milliseconds.
func judgeTime(prefix string, m map[string]any, ps *problems) {
	if t, ok := m[fieldTime].(float64); ok && t >= msTimeFloor {
		ps.addAt(Required, refEventTime, fieldTime, "an event's time in milliseconds",
			"%stime %.0f is in milliseconds; the standard's time is a Unix timestamp in seconds (%.0f)", prefix, t, t/1000)
	}
}
