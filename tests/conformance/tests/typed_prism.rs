//! The typed layer against Prism: every GET operation's typed parser reads random replies of a
//! dynamic Prism (`-d --seed 1`), and a typed-only sample creates a project, a cluster and a
//! database user against the default Prism.
#![cfg(feature = "typed")]

#[path = "../../../core/tests/typed_dispatch/mod.rs"]
mod typed_dispatch;

use atlas_admin::models::ops::{CreateCluster, CreateDatabaseUser, CreateGroup};
use atlas_admin::models::*;
use atlas_admin::typed::Endpoint;
use atlas_admin::{chosen_version, Config};
use conformance::{agent, repo_root, send, Prism};
use serde_json::Value;
use typed_dispatch::{with_endpoint, WithEndpoint};

const ATTEMPTS: usize = 10;

#[derive(Default, Debug)]
struct Tally {
    ok: usize,
    prism_500: usize,
    prism_500_ops: std::collections::BTreeSet<&'static str>,
    prism_4xx: usize,
    parse_errors: Vec<String>,
}

struct Probe<'a> {
    input: &'a Value,
    config: &'a Config,
    agent: &'a ureq::Agent,
    tally: &'a mut Tally,
}

impl WithEndpoint for Probe<'_> {
    type Out = ();
    fn call<E: Endpoint + serde::de::DeserializeOwned>(self) -> Self::Out {
        let call: E =
            serde_json::from_value(self.input.clone()).expect("typed params from the fixture");
        let status = chosen_version(self.config, E::OPERATION_ID, &call.options())
            .ok()
            .and_then(|v| v.responses.first().map(|r| r.status))
            .unwrap_or(200);
        for attempt in 0..ATTEMPTS {
            let mut req = call.to_request(self.config).expect("typed request");
            req.headers_mut()
                .insert("authorization", "Bearer typed-test".parse().unwrap());
            req.headers_mut()
                .insert("prefer", format!("code={status}").parse().unwrap());
            let reply = match send(self.agent, req) {
                Ok(r) => r,
                Err(e) => {
                    self.tally
                        .parse_errors
                        .push(format!("{}#{attempt}: {e}", E::OPERATION_ID));
                    continue;
                }
            };
            let code = reply.response.status().as_u16();
            if code >= 500 {
                self.tally.prism_500 += 1;
                self.tally.prism_500_ops.insert(E::OPERATION_ID);
                continue;
            }
            if code >= 400 {
                self.tally.prism_4xx += 1;
                continue;
            }
            let body = String::from_utf8_lossy(reply.response.body())
                .chars()
                .take(300)
                .collect::<String>();
            match E::from_response(reply.response) {
                Ok(_) => self.tally.ok += 1,
                Err(e) => self
                    .tally
                    .parse_errors
                    .push(format!("{}#{attempt}: {e} in {body}", E::OPERATION_ID)),
            }
        }
    }
}

#[test]
fn typed_parsers_read_dynamic_prism_replies_of_every_get() {
    // A dynamic-mode Prism of our own (or the one `PRISM_DYNAMIC_URL` names).
    let prism = Prism::from_env_or_start("PRISM_DYNAMIC_URL", "-d --seed 1");
    let config = Config::default().with_base_url(prism.url.clone());
    let agent = agent();
    let fixtures: Vec<Value> = serde_json::from_slice(
        &std::fs::read(repo_root().join("tests/fixtures/requests.json")).unwrap(),
    )
    .unwrap();
    let mut tally = Tally::default();
    let mut gets = 0;
    for f in &fixtures {
        let id = f["operationId"].as_str().unwrap();
        if atlas_admin::operation(id).unwrap().method != atlas_admin::Method::Get {
            continue;
        }
        gets += 1;
        let probe = Probe {
            input: &f["params"],
            config: &config,
            agent: &agent,
            tally: &mut tally,
        };
        with_endpoint(id, probe).expect("typed");
    }
    eprintln!(
        "dynamic Prism: {gets} GET operations x {ATTEMPTS}: {} typed replies read, {} Prism 5xx, {} Prism 4xx, {} parse errors",
        tally.ok,
        tally.prism_500,
        tally.prism_4xx,
        tally.parse_errors.len()
    );
    eprintln!(
        "Prism 5xx (its own, e.g. recursive schemas) on: {:?}",
        tally.prism_500_ops
    );
    assert!(
        tally.parse_errors.is_empty(),
        "{} typed parse errors:\n{}",
        tally.parse_errors.len(),
        tally.parse_errors.join("\n")
    );
}

fn send_typed<E: Endpoint>(agent: &ureq::Agent, config: &Config, call: &E) -> E::Output {
    let mut req = call.to_request(config).expect("typed request");
    req.headers_mut()
        .insert("authorization", "Bearer typed-sample".parse().unwrap());
    let reply = send(agent, req).expect("Prism answers");
    E::from_response(reply.response).unwrap_or_else(|e| panic!("{}: {e}", E::OPERATION_ID))
}

#[test]
fn typed_sample_creates_a_project_a_cluster_and_a_database_user() {
    let prism = Prism::shared_or_start();
    let config = Config::default().with_base_url(prism.url.clone());
    let agent = agent();

    let project = send_typed(
        &agent,
        &config,
        &CreateGroup::new(Group {
            name: "typed-sample".into(),
            org_id: "32b6e34b3d91647abb20e7b8".into(),
            ..Group::default()
        }),
    );
    let group_id = project
        .id
        .clone()
        .unwrap_or_else(|| "32b6e34b3d91647abb20e7b8".into());

    let region = AWSRegionConfig20240805 {
        provider_name: Some(AWSRegionConfig20240805ProviderName::Aws),
        region_name: Some(AWSRegionConfig20240805RegionName::UsEast1),
        priority: Some(7),
        electable_specs: Some(HardwareSpec20240805::AWSHardwareSpec20240805(
            AWSHardwareSpec20240805 {
                instance_size: Some(AWSHardwareSpec20240805InstanceSize::M10),
                node_count: Some(3),
                ..Default::default()
            },
        )),
        ..Default::default()
    };
    let cluster = send_typed(
        &agent,
        &config,
        &CreateCluster::new(
            group_id.clone(),
            ClusterDescription20240805 {
                name: Some("typed-cluster".into()),
                cluster_type: Some(ClusterDescription20240805ClusterType::Replicaset),
                replication_specs: Some(vec![ReplicationSpec20240805 {
                    region_configs: Some(vec![CloudRegionConfig20240805::AWSRegionConfig20240805(
                        region,
                    )]),
                    ..Default::default()
                }]),
                ..Default::default()
            },
        ),
    );
    let _ = cluster.name;

    let user = send_typed(
        &agent,
        &config,
        &CreateDatabaseUser::new(
            group_id.clone(),
            CloudDatabaseUser {
                database_name: CloudDatabaseUserDatabaseName::Admin,
                group_id: Some(group_id.clone()),
                username: "typed-user".into(),
                password: Some("a-long-password-1".into()),
                // Required since the 2026-08-21 spec.
                roles: vec![DatabaseUserRole {
                    database_name: "admin".into(),
                    role_name: DatabaseUserRoleRoleName::ReadWriteAnyDatabase,
                    ..Default::default()
                }],
                ..Default::default()
            },
        ),
    );
    assert!(!user.username.is_empty());
}
