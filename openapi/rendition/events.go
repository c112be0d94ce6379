package main

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// eventKinds are the tags of the webhooks, by post_type, in the order the standard lists them.
var eventKinds = []struct{ postType, tag, description string }{
	{"message", "events: message", "Message events: what users say to the bot. 消息事件"},
	{"notice", "events: notice", "Notice events: what happens in groups and among friends. 通知事件"},
	{"request", "events: request", "Request events: friend and group requests to answer. 请求事件"},
	{"meta_event", "events: meta", "Meta events: the connection's lifecycle and heartbeats. 元事件"},
}

// detailKeys name, per post_type, the field that tells events apart.
var detailKeys = []string{"message_type", "notice_type", "request_type", "meta_event_type"}

func refName(n *yaml.Node) string {
	return strings.TrimPrefix(str(n, "$ref"), "#/components/schemas/")
}

// enum0 is the first value of a property's enum, following one $ref.
func enum0(schemas, prop *yaml.Node) string {
	if r := refName(prop); r != "" {
		prop = get(schemas, r)
	}
	if e := get(prop, "enum"); e != nil && len(e.Content) > 0 {
		return e.Content[0].Value
	}
	return ""
}

type eventDoc struct {
	schema, postType, name, zh string
}

// events lists the Event schema's members with their names (post_type.detail, with the sub_type
// when two share a detail, as notice.notify.poke) and their Chinese names.
func events(schemas, event *yaml.Node) ([]eventDoc, error) {
	var out []eventDoc
	count := map[string]int{}
	for _, m := range get(event, "anyOf").Content {
		name := refName(m)
		s := get(schemas, name)
		if s == nil {
			return nil, fmt.Errorf("Event: %s is not a schema", name)
		}
		props := get(s, "properties")
		post := enum0(schemas, get(props, "post_type"))
		detail := ""
		for _, k := range detailKeys {
			if v := enum0(schemas, get(props, k)); v != "" {
				detail = v
				break
			}
		}
		if post == "" || detail == "" {
			return nil, fmt.Errorf("Event: %s has no post_type or no %s enum", name, strings.Join(detailKeys, "/"))
		}
		e := eventDoc{schema: name, postType: post, name: post + "." + detail, zh: zhName(str(s, "description"))}
		if sub := get(get(props, "sub_type"), "enum"); sub != nil && len(sub.Content) == 1 {
			e.name += "." + sub.Content[0].Value // kept only where needed, below
		}
		count[post+"."+detail]++
		out = append(out, e)
	}
	for i, e := range out {
		parts := strings.SplitN(e.name, ".", 3)
		if len(parts) == 3 && count[parts[0]+"."+parts[1]] == 1 {
			out[i].name = parts[0] + "." + parts[1]
		}
	}
	seen := map[string]bool{}
	for _, e := range out {
		if seen[e.name] {
			return nil, fmt.Errorf("Event: two events are named %s", e.name)
		}
		seen[e.name] = true
	}
	return out, nil
}

// addWebhooks writes the events as the document's webhooks, one tag per post_type, and returns
// the tags used.
func addWebhooks(root, schemas, event *yaml.Node) ([]string, error) {
	evs, err := events(schemas, event)
	if err != nil {
		return nil, err
	}
	hooks := mapping()
	used := map[string]bool{}
	for _, e := range evs {
		tag := ""
		for _, k := range eventKinds {
			if k.postType == e.postType {
				tag = k.tag
			}
		}
		if tag == "" {
			return nil, fmt.Errorf("event %s: unknown post_type %q", e.schema, e.postType)
		}
		used[tag] = true
		s := get(schemas, e.schema)
		title := e.name
		if e.zh != "" {
			title += " " + e.zh
			if !strings.HasSuffix(e.zh, "事件") {
				title += "事件"
			}
		}
		media := mapping("schema", mapping("$ref", "#/components/schemas/"+e.schema))
		if ex := get(s, "example"); ex != nil {
			set(media, "example", ex)
		}
		desc := str(s, "description") + "\n\nSchema: `" + e.schema + "`. Delivered over every event transport " +
			"(forward and reverse WebSocket, HTTP POST, the `/_events` stream). 通过所有事件通道推送。"
		op := mapping(
			"operationId", "event "+e.name,
			"summary", title,
			"description", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: desc, Style: yaml.LiteralStyle},
			"tags", strSeq([]string{tag}),
			"requestBody", mapping("required", scalar("true"), "content", mapping("application/json", media)),
			"responses", mapping("204", mapping("description", "Received. Over HTTP POST a 200 answer may instead carry a quick operation (see .handle_quick_operation). 已接收")),
		)
		get(op, "requestBody").Content[1].Tag = "!!bool"
		set(hooks, e.name, mapping("post", op))
	}
	set(root, "webhooks", hooks)
	var tags []string
	list := get(root, "tags")
	if list == nil {
		list = seq()
		set(root, "tags", list)
	}
	for _, k := range eventKinds {
		if used[k.tag] {
			tags = append(tags, k.tag)
			list.Content = append(list.Content, mapping("name", k.tag, "description", k.description))
		}
	}
	return tags, nil
}

// segmentSection is a section of the introduction with the message segments, in two tables by
// direction (x-onebot-direction): those a bot sends in actions and those it receives in events
// (a segment of both kinds is in both): each with its type, its Chinese name, its data fields
// and the schema that says the rest.
func segmentSection(schemas, segment *yaml.Node) string {
	var b strings.Builder
	b.WriteString("## Message segments 消息段\n\n")
	b.WriteString(strings.TrimSpace(str(segment, "description")) + " Each schema is under Models. 每种消息段的结构见 Models。\n")
	for _, dir := range []struct{ direction, heading string }{
		{"send", "Segments a bot sends 发送的消息段 (`send_msg`, `send_group_msg`, ...)"},
		{"receive", "Segments a bot receives 接收的消息段 (message events, `get_msg`)"},
	} {
		fmt.Fprintf(&b, "\n### %s\n\n", dir.heading)
		b.WriteString("| type | name 名称 | data fields 字段 | schema |\n| --- | --- | --- | --- |\n")
		for _, m := range get(segment, "oneOf").Content {
			name := refName(m)
			s := get(schemas, name)
			if d := str(s, "x-onebot-direction"); d != dir.direction && d != "both" {
				continue
			}
			props := get(s, "properties")
			typ := enum0(schemas, get(props, "type"))
			data := get(props, "data")
			if r := refName(data); r != "" {
				data = get(schemas, r)
			}
			var fields []string
			pairs(get(data, "properties"), func(k string, _ *yaml.Node) { fields = append(fields, "`"+k+"`") })
			if typ == "" {
				typ = "*other*"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | `%s` |\n", typ, zhName(str(s, "description")), strings.Join(fields, ", "), name)
		}
	}
	return b.String()
}
