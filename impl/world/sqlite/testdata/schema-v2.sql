-- The schema of onespec before per-feature schema versions (PRAGMA user_version 2): its
-- migrations 1 and 2, as they shipped. A database made then must open with its data.

CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE accounts (
	id INTEGER PRIMARY KEY, nickname TEXT NOT NULL, sex TEXT NOT NULL, age INTEGER NOT NULL,
	level INTEGER NOT NULL, sign TEXT NOT NULL, area TEXT NOT NULL, bot INTEGER NOT NULL,
	sent INTEGER NOT NULL DEFAULT 0, received INTEGER NOT NULL DEFAULT 0,
	last_message_time INTEGER NOT NULL DEFAULT 0);
CREATE TABLE friendships (
	owner_id INTEGER NOT NULL REFERENCES accounts(id), friend_id INTEGER NOT NULL REFERENCES accounts(id),
	remark TEXT NOT NULL, PRIMARY KEY (owner_id, friend_id)) WITHOUT ROWID;
CREATE TABLE likes (from_id INTEGER NOT NULL, to_id INTEGER NOT NULL, count INTEGER NOT NULL,
	PRIMARY KEY (from_id, to_id)) WITHOUT ROWID;
CREATE TABLE friend_requests (flag TEXT PRIMARY KEY, from_id INTEGER NOT NULL, to_id INTEGER NOT NULL,
	comment TEXT NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE chat_groups (
	id INTEGER PRIMARY KEY, name TEXT NOT NULL, memo TEXT NOT NULL, max_members INTEGER NOT NULL,
	whole_ban INTEGER NOT NULL, allow_anonymous INTEGER NOT NULL, created_at INTEGER NOT NULL,
	talkative TEXT);
CREATE TABLE members (
	group_id INTEGER NOT NULL REFERENCES chat_groups(id), user_id INTEGER NOT NULL REFERENCES accounts(id),
	role TEXT NOT NULL, card TEXT NOT NULL, level TEXT NOT NULL, title TEXT NOT NULL,
	title_expire_time INTEGER NOT NULL, join_time INTEGER NOT NULL, last_sent_time INTEGER NOT NULL,
	muted_until INTEGER NOT NULL, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE INDEX members_by_user ON members(user_id, group_id);
CREATE TABLE blocked (group_id INTEGER NOT NULL, user_id INTEGER NOT NULL, PRIMARY KEY (group_id, user_id)) WITHOUT ROWID;
CREATE TABLE anonymous (group_id INTEGER NOT NULL, flag TEXT NOT NULL, muted_until INTEGER NOT NULL,
	PRIMARY KEY (group_id, flag)) WITHOUT ROWID;
CREATE TABLE honors (group_id INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL,
	user_id INTEGER NOT NULL, description TEXT NOT NULL, day_count INTEGER NOT NULL,
	PRIMARY KEY (group_id, position)) WITHOUT ROWID;
CREATE TABLE announcements (id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER NOT NULL,
	sender_id INTEGER NOT NULL, time INTEGER NOT NULL, content TEXT NOT NULL);
CREATE INDEX announcements_by_group ON announcements(group_id);
CREATE TABLE essences (group_id INTEGER NOT NULL, message_id INTEGER NOT NULL, operator_id INTEGER NOT NULL,
	time INTEGER NOT NULL, PRIMARY KEY (group_id, message_id)) WITHOUT ROWID;
CREATE TABLE group_requests (flag TEXT PRIMARY KEY, kind TEXT NOT NULL, group_id INTEGER NOT NULL,
	user_id INTEGER NOT NULL, target_id INTEGER NOT NULL, comment TEXT NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE conversations (conv TEXT PRIMARY KEY, last_seq INTEGER NOT NULL) WITHOUT ROWID;
-- AUTOINCREMENT: an id is never reused, even after the newest message is deleted.
CREATE TABLE messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT, conv TEXT NOT NULL, seq INTEGER NOT NULL,
	type TEXT NOT NULL, group_id INTEGER NOT NULL, peer_id INTEGER NOT NULL, sender_id INTEGER NOT NULL,
	time INTEGER NOT NULL, segments TEXT NOT NULL, recalled INTEGER NOT NULL DEFAULT 0,
	recalled_by INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX messages_by_conv ON messages(conv, seq);
-- Retention by age looks a conversation's messages up by time.
CREATE INDEX messages_by_conv_time ON messages(conv, time);
CREATE TABLE forwards (id TEXT PRIMARY KEY, nodes TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE files (kind TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL, size INTEGER NOT NULL,
	hash TEXT NOT NULL, PRIMARY KEY (kind, name)) WITHOUT ROWID;
CREATE TABLE media (hash TEXT PRIMARY KEY, size INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE message_media (message_id INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (message_id, hash)) WITHOUT ROWID;
CREATE INDEX message_media_by_hash ON message_media(hash);
-- Scratch space of one pruning, always empty between transactions.
CREATE TABLE doomed (id INTEGER PRIMARY KEY);

CREATE TABLE group_files (id TEXT PRIMARY KEY, group_id INTEGER NOT NULL, name TEXT NOT NULL,
	size INTEGER NOT NULL, uploader_id INTEGER NOT NULL, time INTEGER NOT NULL, busid INTEGER NOT NULL,
	downloads INTEGER NOT NULL DEFAULT 0, content BLOB) WITHOUT ROWID;
CREATE INDEX group_files_by_group ON group_files(group_id);
