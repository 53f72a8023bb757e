# Uses the typed facade the way an application would; mypy must accept it.
from typing import List, Optional

import atlas_admin
from atlas_admin._facade import ClusterDescription20240805, PaginatedClusterDescription20240805

GROUP = "32b6e34b3d91647abb20e7b8"


def cluster_names(client: atlas_admin.Client) -> List[str]:
    page: PaginatedClusterDescription20240805 = client.clusters.list_clusters(group_id=GROUP, items_per_page=5)
    out: List[str] = []
    for cluster in page.get("results", []):
        name: Optional[str] = cluster.get("name")
        if name is not None:
            out.append(name)
    return out


def create(client: atlas_admin.Client) -> ClusterDescription20240805:
    return client.clusters.create_cluster(group_id=GROUP, body={"name": "c1", "clusterType": "REPLICASET"})


async def project_name(client: atlas_admin.AsyncClient) -> str:
    project = await client.projects.get_project(group_id=GROUP)
    return project.get("name", "")


with atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv")) as c:
    cluster_names(c)
