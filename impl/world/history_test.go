package world_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/onespec/onespec/impl/world"
)

// History pages by seq both ways, the message at the seq included, oldest first; recalled
// messages and what retention dropped are not shown; only conversations the bot sees.
func TestHistory(t *testing.T) {
	ctx := context.Background()
	w, _ := seeded(t, world.Options{Retention: world.Retention{MessagesPerConversation: 6}})
	bot := w.Bot(0)
	// Group 20001 holds the seed's message 1001; seven more make eight, of which retention
	// keeps the newest six.
	var ids []int32
	for _, s := range []string{"一", "二", "三", "四", "五", "六", "七"} {
		id, err := w.As(10003).SendGroup(ctx, 20001, text(s))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := w.As(10003).Recall(ctx, ids[4]); err != nil { // "五"
		t.Fatal(err)
	}
	seqOf := map[string]int64{}
	for _, id := range ids {
		if m, err := bot.Message(ctx, id); err == nil {
			seqOf[plain(m)] = m.Seq
		}
	}
	for _, tt := range []struct {
		name string
		page world.HistoryPage
		want []string
	}{
		{"the newest, without the recalled one or what retention dropped", world.HistoryPage{Count: 20}, []string{"二", "三", "四", "六", "七"}},
		{"the newest two", world.HistoryPage{Count: 2}, []string{"六", "七"}},
		{"back from a seq, the seq included", world.HistoryPage{Seq: seqOf["四"], Count: 2}, []string{"三", "四"}},
		{"forward from a seq, the seq included", world.HistoryPage{Seq: seqOf["三"], Count: 3, Newer: true}, []string{"三", "四", "六"}},
		{"forward from the start", world.HistoryPage{Seq: 1, Count: 2, Newer: true}, []string{"二", "三"}},
		{"back from before what is kept", world.HistoryPage{Seq: 1, Count: 5}, nil},
	} {
		got, err := bot.GroupHistory(ctx, 20001, tt.page)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var texts []string
		for _, m := range got {
			texts = append(texts, plain(m))
			if m.Sender.Nickname != "小红" || m.Member == nil {
				t.Errorf("%s: message %d without its sender: %+v", tt.name, m.ID, m.Sender)
			}
		}
		if !slices.Equal(texts, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, texts, tt.want)
		}
	}

	// A private chat is the same conversation from both sides.
	if _, err := w.As(10002).SendPrivate(ctx, 10001, 0, text("在吗")); err != nil {
		t.Fatal(err)
	}
	got, err := bot.FriendHistory(ctx, 10002, world.HistoryPage{Count: 20})
	if err != nil || len(got) != 2 || got[0].ID != 1002 || plain(got[1]) != "在吗" {
		t.Errorf("private chat with 10002: %+v, %v", got, err)
	}
	if got, err := bot.FriendHistory(ctx, 10003, world.HistoryPage{Count: 20}); err != nil || len(got) != 0 {
		t.Errorf("a chat with no messages: %+v, %v", got, err)
	}

	for _, tt := range []struct {
		name string
		read func() error
		want error
	}{
		{"a group the bot is not in", func() error { _, err := bot.GroupHistory(ctx, 20003, world.HistoryPage{Count: 1}); return err }, world.ErrNotFound},
		{"an unknown account", func() error { _, err := bot.FriendHistory(ctx, 99999, world.HistoryPage{Count: 1}); return err }, world.ErrNotFound},
		{"a chat with itself", func() error { _, err := bot.FriendHistory(ctx, 10001, world.HistoryPage{Count: 1}); return err }, world.ErrInvalid},
		{"no count", func() error { _, err := bot.GroupHistory(ctx, 20001, world.HistoryPage{}); return err }, world.ErrInvalid},
	} {
		if err := tt.read(); !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

// plain is a message's text.
func plain(m world.MessageView) string {
	s := ""
	for _, seg := range m.Segments {
		s += seg.Data.Text("text")
	}
	return s
}
