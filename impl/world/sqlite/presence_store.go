package sqlite

import (
	"errors"

	"github.com/onespec/onespec/impl/world"
)

// presenceStore keeps online statuses and other clients; both go with their account.
type presenceStore struct{ *tx }

func (t *tx) Presence() world.PresenceStore { return presenceStore{t} }

var _ = register(feature{
	name: "presence",
	migrations: []string{`
CREATE TABLE IF NOT EXISTS presences (user_id INTEGER PRIMARY KEY, status INTEGER NOT NULL, ext_status INTEGER NOT NULL,
	battery INTEGER NOT NULL, time INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (user_id INTEGER NOT NULL, app_id INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
	PRIMARY KEY (user_id, app_id)) WITHOUT ROWID;`},
	tables:        []string{"presences", "devices"},
	forgetAccount: []string{`DELETE FROM presences WHERE user_id = ?1`, `DELETE FROM devices WHERE user_id = ?1`},
})

var (
	qPresence    = query(`SELECT user_id, status, ext_status, battery, time FROM presences WHERE user_id = ?`)
	qPutPresence = query(`INSERT INTO presences (user_id, status, ext_status, battery, time) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET status = excluded.status, ext_status = excluded.ext_status, battery = excluded.battery, time = excluded.time`)
	qDevices   = query(`SELECT user_id, app_id, name, kind FROM devices WHERE user_id = ? ORDER BY app_id`)
	qPutDevice = query(`INSERT INTO devices (user_id, app_id, name, kind) VALUES (?, ?, ?, ?)
		ON CONFLICT (user_id, app_id) DO UPDATE SET name = excluded.name, kind = excluded.kind`)
	qDelDevice = query(`DELETE FROM devices WHERE user_id = ? AND app_id = ?`)
)

func (t presenceStore) Get(userID int64) (world.Presence, bool, error) {
	var p world.Presence
	err := t.one("presence", qPresence, []any{userID}, &p.UserID, &p.Status, &p.ExtStatus, &p.Battery, &p.Time)
	if errors.Is(err, world.ErrNotFound) {
		return p, false, nil
	}
	return p, err == nil, err
}

func (t presenceStore) Put(p world.Presence) error {
	_, err := t.exec(qPutPresence, p.UserID, p.Status, p.ExtStatus, p.Battery, p.Time)
	return err
}

func (t presenceStore) Devices(userID int64) ([]world.Device, error) {
	return list(t.tx, qDevices, []any{userID}, columns(func(d *world.Device) []any { return []any{&d.UserID, &d.AppID, &d.Name, &d.Kind} }))
}

func (t presenceStore) PutDevice(d world.Device) error {
	_, err := t.exec(qPutDevice, d.UserID, d.AppID, d.Name, d.Kind)
	return err
}

func (t presenceStore) DeleteDevice(userID, appID int64) error {
	_, err := t.exec(qDelDevice, userID, appID)
	return err
}
