package world

import (
	"errors"
	"fmt"

	"github.com/onespec/onespec/impl/cqcode"
)

// storedImage resolves an image an action takes outside a message (a group announcement's
// picture, a group's avatar) the way a message's image is: inline media (base64://, and
// whatever else the world's media storage accepts) is stored and named `<sha256>.image`; a
// name the file cache knows (an image the account received) is that file. field names the
// parameter in a refusal.
func (o *act) storedImage(field, file string) (File, error) {
	segs, _, err := o.w.storeMedia(o.tx, []cqcode.Segment{{Type: "image", Data: cqcode.Data{{Key: "file", Value: file}}}})
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", field, err)
	}
	name, _ := segs[0].Data.Get("file").(string)
	f, err := o.tx.Files().Get(ImageFile, name)
	if err == nil && name == file && f.Hash != "" {
		err = o.seesMedia(f)
	}
	if errors.Is(err, ErrNotFound) {
		return File{}, fmt.Errorf("%s: %q is neither base64:// image data nor an image %s received: %w", field, shorten(file), o.who(), ErrInvalid)
	}
	return f, err
}

// seesMedia says whether the actor may name stored media by its file name: only when it sees
// a message carrying them, as get_image rules.
func (o *act) seesMedia(f File) error {
	ids, err := o.tx.Media().Messages(f.Hash)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := o.visibleMessage(id); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s: no message %s can see carries it: %w", f.Name, o.who(), ErrNotFound)
}

// shorten cuts a parameter quoted in a refusal to a readable length.
func shorten(s string) string {
	if len(s) > 64 {
		return s[:61] + "..."
	}
	return s
}
