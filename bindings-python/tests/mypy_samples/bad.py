# Each marked line is a mistake mypy must catch.
import atlas_admin

GROUP = "32b6e34b3d91647abb20e7b8"

with atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv")) as c:
    c.clusters.list_clusters(group_id=GROUP, item_per_page=5)  # BAD: wrong keyword
    c.clusters.list_clusters(group_id=GROUP, items_per_page="5")  # BAD: wrong type
    c.projects.create_project(body={"nmae": "p", "orgId": GROUP})  # BAD: unknown body field
    page = c.clusters.list_clusters(group_id=GROUP)
    page["resluts"]  # BAD: unknown result field
