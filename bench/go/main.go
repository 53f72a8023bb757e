// The official Go SDK (go.mongodb.org/atlas-sdk) measured as a peer of the Rust core, for
// bench/run. Only the SDK's public API is used; nothing of it is copied here.
//
//	gosdkbench DATA_DIR        figures as one JSON object on stdout
//	gosdkbench digest-server   a Digest (MD5, qop=auth) server on 127.0.0.1: prints its URL,
//	                           counts requests; GET /_count answers the count so far
//	gosdkbench parse-once FILE typed|any|none   (internal) one decode in a fresh process, then its peak RSS
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"

	"go.mongodb.org/atlas-sdk/v20250312023/admin"
)

const (
	groupID    = "32b6e34b3d91647abb20e7b8"
	realm      = "MMS Public API"
	publicKey  = "benchpubkey"
	privateKey = "bench-private-key-0000"
	digestN    = 10
)

// The small getProject reply bindings-wasm/bench.mjs parses (JSON.stringify's output, same bytes).
var smallReply = []byte(`{"id":"` + groupID + `","name":"p","orgId":"` + groupID + `","clusterCount":2,"created":"2024-01-01T00:00:00Z"}`)

var errStop = errors.New("stopped at the transport")

// stopTransport ends every request where the network would start.
type stopTransport struct{}

func (stopTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, errStop }

// decode reads a reply body into v as the SDK's generated client does with a JSON reply
// (json.Decoder with UseNumber).
func decode(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	return dec.Decode(v)
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gosdkbench:", err)
		os.Exit(1)
	}
}

func nsPerOp(f func(b *testing.B)) (float64, int64) {
	r := testing.Benchmark(f)
	return float64(r.T.Nanoseconds()) / float64(r.N), r.AllocedBytesPerOp()
}

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "digest-server" {
		serveDigest()
		return
	}
	if len(os.Args) == 4 && os.Args[1] == "parse-once" {
		parseOnce(os.Args[2], os.Args[3])
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gosdkbench DATA_DIR | digest-server")
		os.Exit(2)
	}
	out := map[string]any{"sdk": sdkVersion()}

	// 1. Building a GET getProject (GetGroup): the SDK builds and sends in one Execute(), so the
	// request goes as far as its transport, which stops it.
	client, err := admin.NewClient(admin.UseHTTPClient(&http.Client{Transport: stopTransport{}}))
	must(err)
	ctx := context.Background()
	if _, _, err := client.ProjectsAPI.GetGroup(ctx, groupID).Execute(); !errors.Is(err, errStop) {
		must(fmt.Errorf("GetGroup did not reach the transport: %v", err))
	}
	out["build_get_group_ns"], out["build_get_group_bytes"] = nsPerOp(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			client.ProjectsAPI.GetGroup(ctx, groupID).Execute()
		}
	})

	// 2. The small reply into the typed model, and into `any` as the baseline.
	var g admin.Group
	must(decode(smallReply, &g))
	if g.GetId() != groupID || g.GetClusterCount() != 2 {
		must(fmt.Errorf("small reply decoded wrong: %+v", g))
	}
	out["small_reply_bytes"] = len(smallReply)
	out["small_typed_ns"], _ = nsPerOp(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var g admin.Group
			decode(smallReply, &g)
		}
	})
	out["small_any_ns"], _ = nsPerOp(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var v any
			decode(smallReply, &v)
		}
	})

	// 3. The 5 MB listClusters reply.
	file := filepath.Join(os.Args[1], "clusters-5mb.json")
	big, err := os.ReadFile(file)
	must(err)
	var list admin.PaginatedClusterDescription20240805
	must(decode(big, &list))
	out["list_bytes"] = len(big)
	out["list_items"] = len(list.GetResults())
	typedNs, typedAlloc := nsPerOp(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var l admin.PaginatedClusterDescription20240805
			decode(big, &l)
		}
	})
	anyNs, _ := nsPerOp(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var v any
			decode(big, &v)
		}
	})
	out["list_typed_ns"], out["list_typed_alloc_bytes"], out["list_any_ns"] = typedNs, typedAlloc, anyNs
	for _, kind := range []string{"typed", "any", "none"} {
		out["list_rss_"+kind], err = childRSS(file, kind)
		must(err)
	}

	// 4. Requests on the wire for N calls with Digest (the SDK's UseDigestAuth transport).
	count, srv := digestServer()
	defer srv.Close()
	dc, err := admin.NewClient(admin.UseDigestAuth(publicKey, privateKey), admin.UseBaseURL(srv.URL))
	must(err)
	for i := 0; i < digestN; i++ {
		p, _, err := dc.ProjectsAPI.GetGroup(ctx, groupID).Execute()
		must(err)
		if p.GetId() != groupID {
			must(fmt.Errorf("digest call %d: wrong reply", i))
		}
	}
	out["digest_calls"], out["digest_requests"] = digestN, count.Load()

	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	must(enc.Encode(out))
}

func sdkVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if strings.HasPrefix(d.Path, "go.mongodb.org/atlas-sdk/") {
				return d.Path + "@" + d.Version
			}
		}
	}
	return "go.mongodb.org/atlas-sdk/v20250312023"
}

// childRSS runs one parse-once in a fresh process and returns its peak RSS in bytes.
func childRSS(file, kind string) (int64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	out, err := exec.Command(self, "parse-once", file, kind).Output()
	if err != nil {
		return 0, fmt.Errorf("parse-once %s: %w", kind, err)
	}
	var r struct{ MaxRSS int64 }
	err = json.Unmarshal(out, &r)
	return r.MaxRSS, err
}

// parseOnce reads FILE, decodes it once (or not at all: "none") and prints its peak RSS:
// VmHWM from /proc/self/status. (getrusage's ru_maxrss, which /usr/bin/time -v reports, would
// carry over the parent's peak through fork and exec.)
func parseOnce(file, kind string) {
	big, err := os.ReadFile(file)
	must(err)
	switch kind {
	case "typed":
		var l admin.PaginatedClusterDescription20240805
		must(decode(big, &l))
		runtime.KeepAlive(&l)
	case "any":
		var v any
		must(decode(big, &v))
		runtime.KeepAlive(&v)
	}
	runtime.KeepAlive(big)
	status, err := os.ReadFile("/proc/self/status")
	must(err)
	for _, line := range strings.Split(string(status), "\n") {
		if kb, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var n int64
			fmt.Sscanf(strings.TrimSpace(kb), "%d", &n)
			fmt.Printf(`{"MaxRSS": %d}`+"\n", n*1024)
			return
		}
	}
	must(errors.New("no VmHWM in /proc/self/status"))
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// digestHandler answers with 401 and a Digest challenge (MD5, qop=auth) unless the request
// carries a valid Authorization for the current nonce, which it accepts again and again (as
// Atlas does), and counts every request it gets.
func digestHandler(count *atomic.Int64) http.Handler {
	const nonce = "OGxlsTZ2wB8zdWDfjEYZOSmMlMkhkEVL"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		if valid(r, nonce) {
			w.Header().Set("Content-Type", "application/vnd.atlas.2023-01-01+json")
			w.Write(smallReply)
			return
		}
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Digest realm="%s", domain="", nonce="%s", algorithm=MD5, qop="auth", stale=false`, realm, nonce))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":401,"errorCode":null,"reason":"Unauthorized","detail":"You are not authorized for this resource."}`)
	})
}

func valid(r *http.Request, nonce string) bool {
	h, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Digest ")
	if !ok {
		return false
	}
	p := map[string]string{}
	for _, part := range strings.Split(h, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		p[strings.ToLower(k)] = strings.Trim(v, `"`)
	}
	if p["username"] != publicKey || p["realm"] != realm || p["nonce"] != nonce || p["qop"] != "auth" || p["uri"] != r.URL.RequestURI() {
		return false
	}
	ha1 := md5hex(publicKey + ":" + realm + ":" + privateKey)
	ha2 := md5hex(r.Method + ":" + p["uri"])
	return p["response"] == md5hex(strings.Join([]string{ha1, nonce, p["nc"], p["cnonce"], "auth", ha2}, ":"))
}

func digestServer() (*atomic.Int64, *httptest.Server) {
	count := new(atomic.Int64)
	return count, httptest.NewServer(digestHandler(count))
}

// serveDigest is the same server for another client (bench/run points the Rust core at it):
// it prints its base URL, answers GET /_count with the requests counted, and stops when its
// standard input closes.
func serveDigest() {
	count := new(atomic.Int64)
	api := digestHandler(count)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	must(err)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_count", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, count.Load())
	})
	mux.Handle("/", api)
	go http.Serve(l, mux)
	fmt.Printf("http://%s\n", l.Addr())
	os.Stdout.Sync()
	io.Copy(io.Discard, bufio.NewReader(os.Stdin))
}
