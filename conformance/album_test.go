package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/onespec/onespec/gen"
)

// testAlbum is an album on the event test server: its pictures in upload order, each with
// who likes it and how many comments it has.
type testAlbum struct {
	name     string
	pictures []*testPicture
}

type testPicture struct {
	lloc, batch string
	likes       map[int64]bool
	comments    int32
}

// albumAction answers the bot's album actions on the event test server, on albums it keeps
// as a real target would; false for another path.
func (es *eventServer) albumAction(w http.ResponseWriter, r *http.Request) bool {
	action := r.URL.Path[1:]
	if !slices.Contains([]string{gen.ActionCreateGroupAlbum, gen.ActionUploadGroupAlbum, gen.ActionGetGroupAlbumMediaList, gen.ActionSetGroupAlbumMediaLike,
		gen.ActionDoGroupAlbumComment, gen.ActionDelGroupAlbumMedia, gen.ActionDeleteGroupAlbum, gen.ActionGetGroupAlbumList}, action) {
		return false
	}
	var p struct {
		GroupID int64    `json:"group_id"`
		AlbumID string   `json:"album_id"`
		Name    string   `json:"name"`
		Files   []string `json:"files"`
		Lloc    string   `json:"lloc"`
	}
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.albums == nil {
		es.albums = map[string]*testAlbum{}
	}
	var data any
	al := es.albums[p.AlbumID]
	if al == nil && action != gen.ActionCreateGroupAlbum && action != gen.ActionGetGroupAlbumList {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "failed", "retcode": 102, "data": nil, "message": "no such album", "wording": "目标不存在"})
		return true
	}
	switch action {
	case gen.ActionCreateGroupAlbum:
		es.nextID++
		id := fmt.Sprintf("A%d", es.nextID)
		es.albums[id] = &testAlbum{name: p.Name}
		data = gen.CreateGroupAlbumData{AlbumID: id, Owner: fmt.Sprint(p.GroupID), Name: p.Name}
	case gen.ActionUploadGroupAlbum:
		es.nextID++
		up := gen.GroupAlbumUploadData{AlbumID: p.AlbumID, BatchID: fmt.Sprint(es.nextID), LlocList: []string{}}
		for i := range p.Files {
			lloc := fmt.Sprintf("L%d-%d", es.nextID, i)
			al.pictures = append(al.pictures, &testPicture{lloc: lloc, batch: up.BatchID, likes: map[int64]bool{}})
			up.LlocList = append(up.LlocList, lloc)
		}
		data = up
	case gen.ActionGetGroupAlbumMediaList:
		list := gen.GroupAlbumMediaListData{Album: gen.GroupAlbum{AlbumID: p.AlbumID, Name: al.name}, MediaList: []gen.GroupAlbumMedia{}}
		for _, pic := range al.pictures {
			list.MediaList = append(list.MediaList, gen.GroupAlbumMedia{BatchID: pic.batch, UploadTime: "0", Uploader: fmt.Sprint(es.self),
				Image:   gen.GroupAlbumImage{Lloc: pic.lloc, DefaultURL: gen.GroupAlbumImageURL{URL: "http://127.0.0.1/" + pic.lloc}},
				Like:    &gen.GroupAlbumLike{Num: int32(len(pic.likes)), Liked: pic.likes[es.self]},
				Comment: &gen.GroupAlbumCommentInfo{Num: pic.comments}})
		}
		data = list
	case gen.ActionSetGroupAlbumMediaLike:
		al.picture(p.Lloc).likes[es.self] = true
	case gen.ActionDoGroupAlbumComment:
		al.picture(p.Lloc).comments++
	case gen.ActionDelGroupAlbumMedia:
		al.pictures = slices.DeleteFunc(al.pictures, func(pic *testPicture) bool { return pic.lloc == p.Lloc })
	case gen.ActionDeleteGroupAlbum:
		delete(es.albums, p.AlbumID)
	case gen.ActionGetGroupAlbumList:
		list := gen.GroupAlbumList{}
		for id, a := range es.albums {
			list = append(list, gen.GroupAlbum{AlbumID: id, Owner: fmt.Sprint(p.GroupID), Name: a.name})
		}
		data = list
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": data, "message": "", "wording": ""})
	return true
}

// likeAlbum is the world's like_album_media on the event test server: a member likes a
// picture.
func (es *eventServer) likeAlbum(p map[string]any, user int64) {
	es.mu.Lock()
	defer es.mu.Unlock()
	album, _ := p["album_id"].(string)
	lloc, _ := p["lloc"].(string)
	if al := es.albums[album]; al != nil {
		al.picture(lloc).likes[user] = p["enable"] != false
	}
}

func (al *testAlbum) picture(lloc string) *testPicture {
	for _, pic := range al.pictures {
		if pic.lloc == lloc {
			return pic
		}
	}
	return &testPicture{likes: map[int64]bool{}}
}
