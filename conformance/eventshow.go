package conformance

// A finding about an event names the event: the report shows it, as the transport delivered
// it, beside the world call that drove it (Result.Event, Result.Request), so that a FAIL can be
// read and reproduced without rerunning the suite.

// eventShown bounds the characters of an event a report shows.
const eventShown = 2000

// showEvent attaches the event (its frame as received on source) to the problems found in it.
func showEvent(ps problems, source string, frame []byte) {
	shown := source + ": " + truncate(string(frame), eventShown)
	for i := range ps {
		if ps[i].event == "" {
			ps[i].event = shown
		}
	}
}
