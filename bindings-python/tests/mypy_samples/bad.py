# Each marked line is a mistake mypy must catch.
import atlas_admin

GROUP = "32b6e34b3d91647abb20e7b8"

with atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv")) as c:
    c.clusters.list_clusters(group_id=GROUP, item_per_page=5)  # BAD: wrong keyword
    c.clusters.list_clusters(group_id=GROUP, items_per_page="5")  # BAD: wrong type
    c.projects.create_group(body={"nmae": "p", "orgId": GROUP})  # BAD: unknown body field
    c.projects.create_group(body={"name": "p"})  # BAD: required body field orgId left out
    c.projects.create_project(body={"orgId": GROUP})  # BAD: required field name left out (old name too)
    c.clusters.create_cluster(group_id=GROUP, body={"name": "c", "clusterType": "REPLICA_SET"})  # BAD: unknown enum value
    c.projects.create_group(body={"name": "p", "orgId": GROUP, "created": "2026-01-01"})  # BAD: read-only field
    page = c.clusters.list_clusters(group_id=GROUP)
    page["resluts"]  # BAD: unknown result field
    for cluster in c.paginate("listGroupClusters", group_id=GROUP):
        cluster["nmae"]  # BAD: paginate items are typed
