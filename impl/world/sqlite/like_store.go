package sqlite

import "github.com/onespec/onespec/impl/world"

// likeStore keeps profile likes per QQ day; the likes of an account go with it.
type likeStore struct{ *tx }

func (t *tx) Likes() world.LikeStore { return likeStore{t} }

var _ = register(feature{
	name: "likes",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS profile_likes (from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, day INTEGER NOT NULL,
	count INTEGER NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (from_id, to_id, day)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS profile_likes_to ON profile_likes (to_id);`,
		// The likes earlier onespecs counted without a day (the friends feature's likes table,
		// created before this feature: files register in name order) are kept as likes of
		// day 0, long past.
		`INSERT OR IGNORE INTO profile_likes (from_id, to_id, day, count, time)
	SELECT from_id, to_id, 0, count, 0 FROM likes;`},
	tables:        []string{"profile_likes"},
	forgetAccount: []string{`DELETE FROM profile_likes WHERE from_id = ?1 OR to_id = ?1`},
})

const likeTally = `SUM(count), SUM(CASE WHEN day = ? THEN count ELSE 0 END), MAX(time)`

var (
	qAddLike = query(`INSERT INTO profile_likes (from_id, to_id, day, count, time) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (from_id, to_id, day) DO UPDATE SET count = count + excluded.count, time = excluded.time`)
	qLikesReceived = query(`SELECT from_id, to_id, ` + likeTally + ` FROM profile_likes WHERE to_id = ?
		GROUP BY from_id, to_id ORDER BY MAX(time) DESC, from_id`)
	qLikesGiven = query(`SELECT from_id, to_id, ` + likeTally + ` FROM profile_likes WHERE from_id = ?
		GROUP BY from_id, to_id ORDER BY MAX(time) DESC, to_id`)
)

func (t likeStore) Add(from, to, day int64, times int32, at int64) error {
	_, err := t.exec(qAddLike, from, to, day, times, at)
	return err
}

func (t likeStore) Received(to, day int64) ([]world.LikeTally, error) {
	return list(t.tx, qLikesReceived, []any{day, to}, tallyColumns)
}

func (t likeStore) Given(from, day int64) ([]world.LikeTally, error) {
	return list(t.tx, qLikesGiven, []any{day, from}, tallyColumns)
}

var tallyColumns = columns(func(l *world.LikeTally) []any { return []any{&l.From, &l.To, &l.Total, &l.Today, &l.Last} })
