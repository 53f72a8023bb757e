# With `--enable-error-code deprecated`, mypy flags each marked line (and only those): the first
# release's names, and operations Atlas no longer lists.
import atlas_admin

GROUP = "32b6e34b3d91647abb20e7b8"
ORG = "5b6e34b3d91647abb20e7b81"

with atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv")) as c:
    c.projects.create_group(body={"name": "p", "orgId": ORG})
    c.projects.create_project(body={"name": "p", "orgId": ORG})  # DEPRECATED: the first release's name
    c.clusters.list_clusters(group_id=GROUP)
    c.data_lake_pipelines.pause_pipeline(group_id=GROUP, pipeline_name="p")  # DEPRECATED: removed by Atlas
