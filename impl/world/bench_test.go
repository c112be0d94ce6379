package world_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/onespec/onespec/impl/world"
	"github.com/onespec/onespec/impl/world/sqlite"
)

// BenchmarkStore measures world operations on the SQLite store on disk (WAL,
// synchronous=FULL: every write is one fsync'd commit) and reports each as a ratio
// ("x-baseline") against the least a SQLite-backed server does for the same thing, measured in
// the same run on the same kind of database: one INSERT in its own transaction for a write,
// one SELECT by primary key for a read. The ratio is what to watch; absolute times depend on
// the disk.
func BenchmarkStore(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "world.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	w := world.New(st, world.Options{Retention: world.DefaultRetention})
	if err := world.Seed(ctx, w); err != nil {
		b.Fatal(err)
	}
	bot := w.Bot(0)

	// The baseline: a plain table in a database opened the same way.
	base, err := sqlite.Open(ctx, filepath.Join(dir, "baseline.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer base.Close()
	db := base.DB()
	if _, err := db.Exec(`CREATE TABLE plain (id INTEGER PRIMARY KEY, conv TEXT NOT NULL, body TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	insert, err := db.Prepare(`INSERT INTO plain (conv, body) VALUES (?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	selectOne, err := db.Prepare(`SELECT conv, body FROM plain WHERE id = ?`)
	if err != nil {
		b.Fatal(err)
	}
	body := `[{"type":"text","data":{"text":"你好"}}]`
	plainInsert := func() {
		tx, err := db.Begin()
		if err == nil {
			_, err = tx.Stmt(insert).Exec("g:20001", body)
		}
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	plainSelect := func(id int64) {
		var conv, got string
		if err := selectOne.QueryRow(id).Scan(&conv, &got); err != nil {
			b.Fatal(err)
		}
	}
	for range 1000 { // rows for the reads
		plainInsert()
	}
	first, err := bot.SendGroup(ctx, 20001, text("你好"))
	if err != nil {
		b.Fatal(err)
	}

	cases := []struct {
		name     string
		baseline func(i int)
		op       func(i int) error
	}{
		{"send_group_msg", func(int) { plainInsert() }, func(int) error {
			_, err := bot.SendGroup(ctx, 20001, text("你好"))
			return err
		}},
		{"send_private_msg", func(int) { plainInsert() }, func(int) error {
			_, err := bot.SendPrivate(ctx, 10002, 0, text("你好"))
			return err
		}},
		{"get_msg", func(i int) { plainSelect(int64(i%1000 + 1)) }, func(int) error {
			_, err := bot.Message(ctx, first)
			return err
		}},
		{"get_group_member_info", func(i int) { plainSelect(int64(i%1000 + 1)) }, func(int) error {
			_, err := bot.MemberInfo(ctx, 20001, 10002)
			return err
		}},
		{"set_group_card", func(int) { plainInsert() }, func(i int) error {
			// A different card each time: writing the card a member already has is no write.
			return bot.SetCard(ctx, 20001, 10003, fmt.Sprint("卡片", i%2))
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			start := time.Now()
			for i := 0; i < b.N; i++ {
				c.baseline(i)
			}
			baseline := time.Since(start)
			b.ReportAllocs()
			b.ResetTimer()
			start = time.Now()
			for i := 0; i < b.N; i++ {
				if err := c.op(i); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			if baseline > 0 {
				b.ReportMetric(float64(elapsed)/float64(baseline), "x-baseline")
			}
		})
	}
}

// BenchmarkLists measures the bot's lists in a large world (a 3,000-member group, 3,000
// friends, 500 groups) on the in-memory store: "steady" is a list call when nothing changed
// (it must not copy and sort the entries per call), "after-write" a list call following a
// write that changes the list (a member sending, which sets their last-sent time; a remark;
// a rename), which may rebuild it once.
func BenchmarkLists(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, sqlite.Memory)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Unix(1_800_000_000, 0)
	w := world.New(st, world.Options{Now: func() time.Time { now = now.Add(time.Second); return now }})
	const bot, big, people, groups = 10001, 30000, 3000, 500
	err = w.Populate(ctx, func(u *world.Universe) error {
		if err := u.AddAccount(world.Account{ID: bot, Nickname: "bot", Bot: true}); err != nil {
			return err
		}
		if err := u.AddGroup(world.Group{ID: big, Name: "big", MaxMembers: 5000}); err != nil {
			return err
		}
		if err := u.AddMember(world.Membership{GroupID: big, UserID: bot, Role: world.Owner}); err != nil {
			return err
		}
		for i := range int64(people) {
			id := 100000 + i
			if err := u.AddAccount(world.Account{ID: id, Nickname: fmt.Sprint("user ", i)}); err != nil {
				return err
			}
			if err := u.AddMember(world.Membership{GroupID: big, UserID: id}); err != nil {
				return err
			}
			if err := u.Befriend(bot, id, "", ""); err != nil {
				return err
			}
		}
		for i := range int64(groups - 1) {
			if err := u.AddGroup(world.Group{ID: 40000 + i, Name: "g"}); err != nil {
				return err
			}
			if err := u.AddMember(world.Membership{GroupID: 40000 + i, UserID: bot, Role: world.Owner}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	bb := w.Bot(bot)
	cases := []struct {
		name  string
		want  int
		list  func() (int, error)
		write func(i int) error
	}{
		{"get_group_member_list-3000", people + 1, func() (int, error) {
			l, err := bb.Members(ctx, big)
			return len(l), err
		}, func(int) error { _, err := bb.SendGroup(ctx, big, text("hi")); return err }},
		{"get_friend_list-3000", people, func() (int, error) {
			l, err := bb.Friends(ctx)
			return len(l), err
		}, func(i int) error {
			return w.Populate(ctx, func(u *world.Universe) error { return u.Befriend(bot, 100000+int64(i%people), fmt.Sprint(i), "") })
		}},
		{"get_group_list-500", groups, func() (int, error) {
			l, err := bb.Groups(ctx)
			return len(l), err
		}, func(i int) error { return bb.SetGroupName(ctx, big, fmt.Sprint("big ", i)) }},
	}
	for _, c := range cases {
		for _, mode := range []string{"steady", "after-write"} {
			b.Run(c.name+"/"+mode, func(b *testing.B) {
				b.ReportAllocs()
				var listTime time.Duration
				for i := 0; i < b.N; i++ {
					if mode == "after-write" {
						if err := c.write(i); err != nil {
							b.Fatal(err)
						}
					}
					start := time.Now()
					n, err := c.list()
					listTime += time.Since(start)
					if err != nil || n != c.want {
						b.Fatalf("%d entries, %v; want %d", n, err, c.want)
					}
				}
				// ns/op counts the writes too; this is the list call alone.
				b.ReportMetric(float64(listTime.Nanoseconds())/float64(b.N), "list-ns/call")
			})
		}
	}
}
