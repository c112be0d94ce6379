package conformance

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/onespec/onespec/gen"
	"github.com/onespec/onespec/gen/control"
)

// Group albums (群相册): the bot creates an album in the fixture's group, uploads two
// pictures as one batch, lists them (each with a URL), likes one as a simulated member does
// too (the count is two, the bot's own like shows as liked), comments on it, deletes the other
// picture, and deletes the album, which the group's album list then no longer shows. A target
// that answered fixed data, or ignored the upload or a deletion, fails it.

func (s *suite) albumCheck() check {
	steps := []string{gen.ActionCreateGroupAlbum, gen.ActionUploadGroupAlbum, gen.ActionGetGroupAlbumMediaList, gen.ActionSetGroupAlbumMediaLike,
		gen.ActionDoGroupAlbumComment, gen.ActionDelGroupAlbumMedia, gen.ActionDeleteGroupAlbum, gen.ActionGetGroupAlbumList}
	return s.roundTripCheck("album-roundtrip", steps, func(ctx context.Context, rig *eventRig, ops []*op) outcome {
		return s.albumRoundtrip(ctx, rig, ops)
	})
}

func (s *suite) albumRoundtrip(ctx context.Context, rig *eventRig, ops []*op) outcome {
	create, upload, media, like, comment, delMedia, delAlbum, albums := ops[0], ops[1], ops[2], ops[3], ops[4], ops[5], ops[6], ops[7]
	fx, err := s.noticeFixture(ctx, rig)
	if err != nil {
		return stopOutcome(err)
	}
	var made gen.CreateGroupAlbumData
	name := s.marker("album")
	if out := s.step(ctx, create, gen.CreateGroupAlbumJSONRequestBody{GroupID: fx.group, Name: name}, &made, true); out != nil {
		return *out
	}
	var ps problems
	if made.AlbumID == "" {
		ps.add("data.album_id", "%s answered no album_id", create.name)
		return outcome{ps: ps, reason: "the album has no id"}
	}
	picture := func(i int) string {
		return "base64://" + base64.StdEncoding.EncodeToString([]byte(fmt.Sprintf("\x89PNG %s picture %d", name, i)))
	}
	var up gen.GroupAlbumUploadData
	body := gen.UploadGroupAlbumJSONRequestBody{GroupID: fx.group, AlbumID: made.AlbumID, Files: []string{picture(1), picture(2)}}
	if out := s.step(ctx, upload, body, &up, false); out != nil {
		out.reason = fmt.Sprintf("uploading to album %s: %s", made.AlbumID, out.reason)
		return *out
	}
	if len(up.LlocList) != 2 || up.LlocList[0] == up.LlocList[1] {
		ps.add("data.lloc_list", "%s of two pictures answered the ids %v, want two different ones", upload.name, up.LlocList)
		return outcome{ps: ps, reason: "the upload did not name its two pictures"}
	}
	first, second := up.LlocList[0], up.LlocList[1]
	list := func() ([]gen.GroupAlbumMedia, *outcome) {
		var data gen.GroupAlbumMediaListData
		out := s.step(ctx, media, gen.GetGroupAlbumMediaListJSONRequestBody{GroupID: fx.group, AlbumID: made.AlbumID}, &data, false)
		return data.MediaList, out
	}
	find := func(l []gen.GroupAlbumMedia, lloc string) *gen.GroupAlbumMedia {
		i := slices.IndexFunc(l, func(m gen.GroupAlbumMedia) bool { return m.Image.Lloc == lloc })
		if i < 0 {
			return nil
		}
		return &l[i]
	}
	l, out := list()
	if out != nil {
		return *out
	}
	for _, lloc := range up.LlocList {
		if m := find(l, lloc); m == nil {
			ps.add("data.media_list", "%s of album %s does not list picture %s after %s answered ok", media.name, made.AlbumID, lloc, upload.name)
		} else if m.Image.DefaultURL.URL == "" {
			ps.add("data.media_list", "picture %s has no URL to download it from", lloc)
		}
	}

	if out := s.step(ctx, like, gen.SetGroupAlbumMediaLikeJSONRequestBody{GroupID: fx.group, AlbumID: made.AlbumID, BatchID: up.BatchID, Lloc: &first}, nil, false); out != nil {
		return *out
	}
	userLike := control.LikeAlbumMediaParams{UserID: fx.member, GroupID: fx.group, AlbumID: made.AlbumID, Lloc: &first}
	if err := s.act(ctx, rig, control.ActionLikeAlbumMedia, userLike, nil); err != nil {
		return stopOutcome(err)
	}
	text := s.marker("album comment")
	if out := s.step(ctx, comment, gen.DoGroupAlbumCommentJSONRequestBody{GroupID: fx.group, AlbumID: made.AlbumID, Lloc: first, Content: text}, nil, false); out != nil {
		return *out
	}
	if out := s.step(ctx, delMedia, gen.DelGroupAlbumMediaJSONRequestBody{GroupID: fx.group, AlbumID: made.AlbumID, Lloc: second}, nil, false); out != nil {
		return *out
	}
	if l, out = list(); out != nil {
		return *out
	}
	switch m := find(l, first); {
	case m == nil:
		ps.add("data.media_list", "picture %s is gone after only %s was deleted", first, second)
	default:
		if m.Like == nil || m.Like.Num != 2 || !m.Like.Liked {
			ps.add("data.media_list.like", "picture %s liked by the bot and by %d shows %+v, want num 2 and liked", first, fx.member, m.Like)
		}
		if m.Comment == nil || m.Comment.Num != 1 {
			ps.add("data.media_list.comment", "picture %s commented on once shows %+v, want num 1", first, m.Comment)
		}
	}
	if find(l, second) != nil {
		ps.add("data.media_list", "%s still lists picture %s after %s answered ok", media.name, second, delMedia.name)
	}

	if out := s.step(ctx, delAlbum, gen.DeleteGroupAlbumJSONRequestBody{GroupID: fx.group, AlbumID: made.AlbumID}, nil, false); out != nil {
		return *out
	}
	var all gen.GroupAlbumList
	if out := s.step(ctx, albums, gen.GetGroupAlbumListJSONRequestBody{GroupID: fx.group}, &all, false); out != nil {
		return *out
	}
	if slices.ContainsFunc(all, func(a gen.GroupAlbum) bool { return a.AlbumID == made.AlbumID }) {
		ps.add("data", "%s of group %d still lists album %s after %s answered ok", albums.name, fx.group, made.AlbumID, delAlbum.name)
	}
	return outcome{ps: ps, reason: strings.Join([]string{
		fmt.Sprintf("album %s created in group %d", made.AlbumID, fx.group),
		"two pictures uploaded and listed", "one liked by the bot and a member, commented on", "the other deleted", "the album deleted",
	}, "; ")}
}
