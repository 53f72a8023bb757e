"""Run by wheel.sh inside a fresh venv where only the built wheel is installed: imports
atlas_admin from site-packages, builds a request sans-IO and makes one call through Client against
a local HTTP server on 127.0.0.1 (started and stopped here), then asserts both."""

import json
import sys
import sysconfig
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import atlas_admin

MEDIA = "application/vnd.atlas.2024-08-05+json"
GROUP = "5f1e2d3c4b5a697887766554"
seen = []

site = Path(sysconfig.get_paths()["purelib"]).resolve()
where = Path(atlas_admin.__file__).resolve()
assert site in where.parents, f"atlas_admin comes from {where}, not the venv's {site}"
assert where.with_name("py.typed").exists(), "the wheel lacks py.typed"


class Atlas(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        seen.append((self.command, self.path, self.headers.get("Accept"), self.headers.get("Authorization")))
        if self.path != f"/api/atlas/v2/groups/{GROUP}/clusters?itemsPerPage=5" or self.headers.get("Accept") != MEDIA:
            self.send_response(404)
            self.end_headers()
            return
        body = json.dumps({
            "results": [{"id": "a" * 24, "groupId": GROUP, "name": "wheel-cluster", "stateName": "IDLE"}],
            "totalCount": 1,
            "links": [],
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", MEDIA)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Atlas)
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}"
try:
    req = atlas_admin.build_request("listClusters", {"groupId": GROUP, "itemsPerPage": 5}, base_url=base)
    assert (req.method, req.url) == ("GET", f"{base}/api/atlas/v2/groups/{GROUP}/clusters?itemsPerPage=5"), (req.method, req.url)
    assert ("accept", MEDIA) in [(k.lower(), v) for k, v in req.headers], req.headers

    client = atlas_admin.Client(atlas_admin.BearerToken("wheel-token"), base_url=base)
    page = client.clusters.list_clusters(group_id=GROUP, items_per_page=5)
    names = [c["name"] for c in page["results"]]
    assert names == ["wheel-cluster"] and page["totalCount"] == 1, page
    assert seen == [("GET", f"/api/atlas/v2/groups/{GROUP}/clusters?itemsPerPage=5", MEDIA, "Bearer wheel-token")], seen
finally:
    server.shutdown()
    server.server_close()

print(f"wheel: atlas_admin {atlas_admin.__version__} on Python {sys.version.split()[0]} from {where.parent}: "
      f"{len(atlas_admin.operations())} operations, list_clusters -> {names}")
