package world_test

import (
	"context"
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
		{"set_group_card", func(int) { plainInsert() }, func(int) error {
			return bot.SetCard(ctx, 20001, 10003, "卡片")
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
