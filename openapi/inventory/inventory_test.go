package inventory

import (
	"slices"
	"testing"
)

func TestLoad(t *testing.T) {
	entries, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 200 {
		t.Fatalf("%d entries", len(entries))
	}
	byName := map[string]Entry{}
	for _, e := range entries {
		byName[e.Name] = e
	}
	ocr := byName["ocr_image"]
	if !slices.Equal(ocr.Aliases, []string{".ocr_image"}) || !slices.Contains(ocr.Sources, "gocq") || ocr.Category != "media" {
		t.Errorf("ocr_image: %+v", ocr)
	}
}

func TestParseRejects(t *testing.T) {
	for name, text := range map[string]string{
		"no header":  "send_msg\t\tmessage\tv11std\n",
		"short line": "name\taliases\tcategory\tsources\tparams\n" + "send_msg\t\n",
		"twice":      "name\taliases\tcategory\tsources\n" + "a\t\tx\tgocq\n" + "a\t\tx\tgocq\n",
	} {
		if _, err := parse(text); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
