//! Two app nodes: two `serambi serve` processes on one PostgreSQL database and one files store.
//! A request goes through both; fifty signings split over both get gapless numbers; only one
//! population import runs across both, and either node's page follows it.

mod cluster;
mod kill;

use cluster::{Cluster, Node};
use reqwest::StatusCode;
use serde_json::json;
use server::population::synthetic;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

const MARIA: &str = "5371045505900001";
const STAFF_PASSWORD: &str = "serambi123";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_share_sessions_letters_numbers_and_the_import() {
    let Some(cluster) = Cluster::new(2000).await else { return };
    let (a, b) = tokio::join!(cluster.node("A"), cluster.node("B"));
    assert_ne!(a.id, b.id, "each node names itself");

    // Submit on A, verify on B, sign on B, download on A.
    let warga = a.login(MARIA, "warga123").await;
    let id = submit(&a, &warga, "Melamar pekerjaan").await;
    let clerk = b.login("petugas.oebobo", STAFF_PASSWORD).await;
    let verified = act(&b, &clerk, &id).await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text());
    let lurah = b.login("lurah.oebobo", STAFF_PASSWORD).await;
    let numbers = sign(&b, &lurah, std::slice::from_ref(&id)).await;
    let detail = a.call(Some(&warga), "permohonan", json!({ "id": id })).await.json();
    assert_eq!(detail["status"], "ditandatangani");
    let pdf = a.get(Some(&warga), detail["letter"]["download_url"].as_str().unwrap()).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.body.starts_with(b"%PDF-"));
    let record = a.get(None, &format!("/api/v1/surat/{}", detail["letter"]["id"].as_str().unwrap())).await.json();
    assert_eq!(record["surat"]["sha256"], hex::encode(Sha256::digest(&pdf.body)), "the registered file");
    assert_eq!(record["surat"]["nomor"], numbers[0].as_str());
    a_revocation_on_one_node_reaches_the_others_kept_page(&a, &b, detail["letter"]["id"].as_str().unwrap()).await;

    // Fifty more: submitted, verified and signed half through each node, in parallel batches.
    let nodes = [&a, &b];
    let submitted = futures::future::join_all((0..50).map(|i| submit(nodes[i % 2], &warga, format!("Keperluan {i}"))));
    let ids: Vec<String> = submitted.await;
    for r in futures::future::join_all(ids.iter().enumerate().map(|(i, id)| act(nodes[i % 2], &clerk, id))).await {
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    let started = Instant::now();
    let batches = ids.chunks(5).enumerate().map(|(i, batch)| sign(nodes[i % 2], &lurah, batch));
    let signed: Vec<String> = futures::future::join_all(batches).await.into_iter().flatten().collect();
    eprintln!("50 signings in 10 batches over two nodes: {:.2} s", started.elapsed().as_secs_f64());
    let mut seq: Vec<u32> =
        numbers.iter().chain(&signed).map(|n| n.split('/').nth(1).unwrap().parse().unwrap()).collect();
    seq.sort();
    assert_eq!(seq, (1..=51).collect::<Vec<u32>>(), "unique and gapless: {signed:?}");

    one_import_across_nodes(&a, &b).await;
}

/// Node A keeps a letter's verification page; revoked through node B, A's page and API say so
/// within two seconds (A asks for the newest revocation at most once a second).
async fn a_revocation_on_one_node_reaches_the_others_kept_page(a: &Node, b: &Node, letter_id: &str) {
    let page = format!("/v/{letter_id}");
    for _ in 0..2 {
        assert!(a.get(None, &page).await.text().contains("Surat ini terdaftar di Serambi dan berlaku."));
    }
    let lurah = b.login("lurah.oebobo", STAFF_PASSWORD).await;
    let revoked = b
        .call(Some(&lurah), "cabut-surat", json!({ "input": { "letter_id": letter_id, "reason": "Uji dua node" } }))
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.text());
    let started = Instant::now();
    loop {
        let text = a.get(None, &page).await.text();
        let api = a.get(None, &format!("/api/v1/surat/{letter_id}")).await.json();
        if text.contains("DICABUT") && api["status"] == "dicabut" {
            break;
        }
        assert!(started.elapsed() < Duration::from_millis(2500), "node A still shows the letter as valid");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!("a revocation on B reached A's kept page in {} ms", started.elapsed().as_millis());
}

/// Submits a Domisili request with its required attachments; its id.
pub(crate) async fn submit(node: &Node, cookie: &str, purpose: impl Into<String>) -> String {
    let mut attachments = serde_json::Map::new();
    for (slot, name, bytes) in required_attachments() {
        let r = node.upload(cookie, "lampiran", name, bytes.to_vec()).await;
        assert_eq!(r.status, StatusCode::OK, "upload on {}: {}", node.name, r.text());
        attachments.insert(slot, r.json()["id"].clone());
    }
    let fields = json!({ "keperluan": purpose.into() });
    let input = json!({ "input": { "letter_type": "domisili", "fields": fields, "attachments": attachments } });
    let r = node.call(Some(cookie), "ajukan", input).await;
    assert_eq!(r.status, StatusCode::OK, "submit on {}: {}", node.name, r.text());
    r.json().as_str().expect("id").to_string()
}

/// Each required attachment slot of the Domisili letter, with a small file it accepts.
fn required_attachments() -> Vec<(String, &'static str, &'static [u8])> {
    let templates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    let catalogue = server::catalogue::Catalogue::load(&templates, 5 * 1024 * 1024).expect("templates");
    let info = catalogue.get("domisili").expect("domisili");
    let required = info.attachments.iter().filter(|a| a.required);
    required
        .map(|a| match a.accepts(domain::FileType::Pdf) {
            true => (a.name.clone(), "berkas.pdf", crate::support::TINY_PDF),
            false => (a.name.clone(), "foto.png", crate::support::TINY_PNG),
        })
        .collect()
}

async fn act(node: &Node, cookie: &str, id: &str) -> cluster::Reply {
    node.call(Some(cookie), "tindakan", json!({ "input": { "request_id": id, "action": "verify", "note": "" } })).await
}

/// Signs requests in one signing session; their letter numbers.
async fn sign(node: &Node, cookie: &str, ids: &[String]) -> Vec<String> {
    let input = json!({ "input": { "request_ids": ids, "passphrase": server::demo::DEMO_SIGNING_PASSPHRASE } });
    let r = node.call(Some(cookie), "tandatangani", input).await;
    assert_eq!(r.status, StatusCode::OK, "sign on {}: {}", node.name, r.text());
    let outcomes = r.json();
    let outcomes = outcomes.as_array().expect("outcomes");
    assert!(outcomes.iter().all(|o| o["error"].is_null()), "{outcomes:?}");
    outcomes.iter().map(|o| o["number"].as_str().expect("number").to_string()).collect()
}

/// The same file uploaded on both nodes at once: one imports it, the other says an import is
/// running; the idle node's page follows it to the end and serves its report.
async fn one_import_across_nodes(a: &Node, b: &Node) {
    const ROWS: usize = 40_000;
    let mut file = Vec::new();
    let opts = synthetic::Options { rows: ROWS, bad_rows: 40, separator: b';', seed: 11, villages: Vec::new() };
    synthetic::write(&mut file, &opts).unwrap();
    let admin = a.login("admin", STAFF_PASSWORD).await;
    let (on_a, on_b) = tokio::join!(
        a.upload(&admin, "impor-unggah", "penduduk.csv", file.clone()),
        b.upload(&admin, "impor-unggah", "penduduk.csv", file.clone())
    );
    let (started, refused, idle) = match (on_a.status, on_b.status) {
        (StatusCode::OK, StatusCode::CONFLICT) => (on_a, on_b, b),
        (StatusCode::CONFLICT, StatusCode::OK) => (on_b, on_a, a),
        other => panic!("one node imports, the other refuses: {other:?} {} {}", on_a.text(), on_b.text()),
    };
    assert!(refused.text().contains("Impor lain sedang berjalan"), "{}", refused.text());
    let id = started.json()["id"].as_str().unwrap().to_string();

    let (clock, mut seen) = (Instant::now(), 0);
    let done = loop {
        let list = idle.call(Some(&admin), "impor-daftar", json!({})).await.json();
        let import = list.as_array().unwrap().iter().find(|i| i["id"] == id.as_str()).cloned();
        match import {
            Some(i) if i["status"] == "berjalan" => seen = seen.max(i["rows_total"].as_u64().unwrap()),
            // The report is stored just after the import's own commit: wait for its link too.
            Some(i) if i["report_url"].is_string() || i["status"] != "selesai" => break i,
            _ => {}
        }
        assert!(clock.elapsed() < Duration::from_secs(300), "the import did not finish");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let took = clock.elapsed().as_secs_f64();
    eprintln!("import of {ROWS} rows seen from node {}: {took:.1} s; it showed up to {seen} rows read", idle.name);
    assert_eq!(done["status"], "selesai", "{done}");
    assert_eq!(done["rows_total"], ROWS as u64);
    assert_eq!(done["rows_rejected"], 40);
    if took > 2.5 {
        assert!(seen > 0, "the running import's progress shows on the other node");
    }
    let report = idle.get(Some(&admin), done["report_url"].as_str().unwrap()).await;
    assert_eq!(report.status, StatusCode::OK, "the report is in the shared store");
    assert_eq!(report.text().lines().count(), 41, "{}", report.text());
}
