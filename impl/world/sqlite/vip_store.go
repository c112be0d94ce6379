package sqlite

import (
	"errors"
	"math"

	"github.com/onespec/onespec/impl/world"
)

// vipStore keeps the accounts' VIP standings; one goes with its account. The level speed-up
// is kept in thousandths, as the store scans integers and text.
type vipStore struct{ *tx }

func (t *tx) VIPs() world.VIPStore { return vipStore{t} }

var _ = register(feature{
	name: "vip",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS vips (user_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, level INTEGER NOT NULL,
	growth_speed INTEGER NOT NULL, growth_total INTEGER NOT NULL, level_speed_milli INTEGER NOT NULL);`},
	tables:        []string{"vips"},
	forgetAccount: []string{`DELETE FROM vips WHERE user_id = ?1`},
})

var (
	qVIP    = query(`SELECT user_id, kind, level, growth_speed, growth_total, level_speed_milli FROM vips WHERE user_id = ?`)
	qPutVIP = query(`INSERT INTO vips (user_id, kind, level, growth_speed, growth_total, level_speed_milli) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, level = excluded.level, growth_speed = excluded.growth_speed,
		growth_total = excluded.growth_total, level_speed_milli = excluded.level_speed_milli`)
)

func (t vipStore) Get(userID int64) (world.VIP, bool, error) {
	var v world.VIP
	var milli int64
	err := t.one("vip", qVIP, []any{userID}, &v.UserID, &v.Kind, &v.Level, &v.GrowthSpeed, &v.GrowthTotal, &milli)
	v.LevelSpeed = float64(milli) / 1000
	if errors.Is(err, world.ErrNotFound) {
		return v, false, nil
	}
	return v, err == nil, err
}

func (t vipStore) Put(v world.VIP) error {
	_, err := t.exec(qPutVIP, v.UserID, v.Kind, v.Level, v.GrowthSpeed, v.GrowthTotal, int64(math.Round(v.LevelSpeed*1000)))
	return err
}
