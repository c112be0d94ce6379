package conformance

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// targets are the ids that exist on the target, found by discovery (or given in Config).
// Zero means unknown.
type targets struct {
	group  int64 // a group the bot is in
	member int64 // a member of that group other than the bot
	user   int64 // a friend of the bot
}

func (t targets) forRef(ref string) (int64, bool) {
	switch ref {
	case refGroup:
		return t.group, true
	case refMember:
		return t.member, true
	case refUser:
		return t.user, true
	}
	return 0, false
}

// fill returns a copy of a request example in which every property whose schema carries an
// x-onebot-ref the suite can resolve (group, member, user) holds the target's id instead of
// the example's, at any depth. It also returns a note for each such property it could not
// fill because discovery found nothing, so that results say why a call aimed at the example's
// world.
func fill(schema *openapi3.Schema, example any, t targets) (any, []string) {
	var notes []string
	v := fillValue(schema, deepCopy(example), t, "", &notes)
	return v, notes
}

func fillValue(schema *openapi3.Schema, v any, t targets, path string, notes *[]string) any {
	if schema == nil {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys) // notes in a stable order
		for _, k := range keys {
			prop := property(schema, k)
			if prop == nil {
				continue
			}
			at := joinPath(path, k)
			if id, ok := t.forRef(refOf(prop)); ok {
				if id == 0 {
					*notes = append(*notes, fmt.Sprintf("no %s found on the target: %s keeps the example's %v", refOf(prop), at, x[k]))
					continue
				}
				if prop.Type.Is(openapi3.TypeString) {
					x[k] = strconv.FormatInt(id, 10)
				} else {
					x[k] = id
				}
				continue
			}
			x[k] = fillValue(prop, x[k], t, at, notes)
		}
	case []any:
		if schema.Items != nil {
			for i := range x {
				x[i] = fillValue(schema.Items.Value, x[i], t, joinPath(path, strconv.Itoa(i)), notes)
			}
		}
	}
	return v
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// deepCopy copies decoded JSON, so that filling never edits the shared spec example.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}
