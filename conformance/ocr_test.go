package conformance

import (
	"encoding/json"
	"net/http"

	"github.com/onespec/onespec/gen"
)

// ocrAction answers ocr_image on the event test server with what set_ocr scripted (no text
// when nothing was), as the reference server's stand-in does; false for another path.
func (es *eventServer) ocrAction(w http.ResponseWriter, r *http.Request) bool {
	if r.URL.Path[1:] != gen.ActionOcrImage {
		return false
	}
	var p gen.OcrImageParams
	_ = json.NewDecoder(r.Body).Decode(&p)
	es.mu.Lock()
	texts := es.ocr[p.Image]
	es.mu.Unlock()
	if texts == nil {
		texts = []gen.TextDetection{}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "retcode": 0, "data": gen.OcrImageData{Texts: texts, Language: "zh"}, "message": "", "wording": ""})
	return true
}

// scriptOCR keeps what set_ocr scripts for an image.
func (es *eventServer) scriptOCR(p map[string]any) {
	raw, _ := json.Marshal(p["texts"])
	var texts []gen.TextDetection
	_ = json.Unmarshal(raw, &texts)
	for i := range texts {
		if texts[i].Coordinates == nil {
			texts[i].Coordinates = []gen.OcrPoint{}
		}
	}
	image, _ := p["image"].(string)
	es.mu.Lock()
	es.ocr[image] = texts
	es.mu.Unlock()
}
