# Uses the typed facade and the public models the way an application would; mypy must accept it.
from typing import List, Optional

import atlas_admin
from atlas_admin.models import (
    ClusterDescription20240805,
    ClusterDescription20240805Input,
    Group,
    GroupInput,
    PaginatedClusterDescription20240805,
)

GROUP = "32b6e34b3d91647abb20e7b8"
ORG = "5b6e34b3d91647abb20e7b81"


def cluster_names(client: atlas_admin.Client) -> List[str]:
    page: PaginatedClusterDescription20240805 = client.clusters.list_clusters(group_id=GROUP, items_per_page=5)
    out: List[str] = []
    for cluster in page.get("results", []):
        name: Optional[str] = cluster.get("name")
        if name is not None:
            out.append(name)
    return out


def every_cluster(client: atlas_admin.Client) -> List[ClusterDescription20240805]:
    # `paginate` is typed by the items of the operation named (any of its names).
    return list(client.paginate("listClusters", group_id=GROUP)) + list(client.paginate("list_group_clusters", project_id=GROUP))


def create(client: atlas_admin.Client) -> ClusterDescription20240805:
    body: ClusterDescription20240805Input = {"name": "c1", "clusterType": "REPLICASET"}
    return client.clusters.create_cluster(project_id=GROUP, body=body)


def create_projects(client: atlas_admin.Client) -> List[Group]:
    # The request type leaves out what Atlas sets (id, created, clusterCount): name and orgId do.
    body: GroupInput = {"name": "p", "orgId": ORG}
    return [
        client.projects.create_group(body={"name": "p", "orgId": ORG}),
        client.projects.create_project(body={"name": "p", "orgId": ORG}),  # the first release's name
        client.projects.create_group(body=body),
    ]


async def project_name(client: atlas_admin.AsyncClient) -> str:
    project = await client.projects.get_group(group_id=GROUP)
    async for cluster in client.paginate("listClusters", group_id=GROUP):
        print(cluster.get("stateName", ""))
    return project["name"]


with atlas_admin.Client(atlas_admin.DigestAuth("pub", "priv")) as c:
    cluster_names(c)
