//! A notification committed with its request survives `kill -9` of the node that should have
//! sent it: the SMTP server is unreachable (a proxy in this test refuses connections), the node
//! records a failed attempt, is killed with SIGKILL, the SMTP server comes back, a restarted
//! node sends the message, and the real SMTP server (aiosmtpd) holds it exactly once.
//!
//! A letter being signed by a remote service when its node is killed takes no number (below).

use super::cluster::Cluster;
use crate::notifications_support::{TestSmtp, fresh_email};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A TCP proxy to the SMTP server that can be switched off (connections then close at once).
struct SmtpProxy {
    address: String,
    up: Arc<AtomicBool>,
}

impl SmtpProxy {
    async fn start(target: String) -> SmtpProxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap().to_string();
        let up = Arc::new(AtomicBool::new(false));
        let on = up.clone();
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !on.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        });
        SmtpProxy { address, up }
    }
}

async fn outbox_row(pool: &sqlx::AnyPool) -> Option<(String, i64)> {
    sqlx::query_as("SELECT status, attempts FROM notifications WHERE kind = 'diajukan'")
        .fetch_optional(pool)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_message_committed_before_kill_9_is_sent_once_after_restart() {
    let Some(smtp) = TestSmtp::get() else { return };
    let Some(cluster) = Cluster::new(200).await else { return };
    let proxy = SmtpProxy::start(smtp.address.clone()).await;
    let env = [
        ("SERAMBI_SMTP_URL", format!("smtp://{}", proxy.address)),
        ("SERAMBI_NOTIF_JEDA_S", "1".to_string()),
        ("SERAMBI_NOTIF_POLL_MS", "100".to_string()),
    ];
    // Maria has a verified e-mail address.
    let to = fresh_email();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&cluster.database_url).await.unwrap();
    let maria: String =
        sqlx::query_scalar("SELECT id FROM users WHERE nik = '5371045505900001'").fetch_one(&pool).await.unwrap();
    sqlx::query(
        "INSERT INTO contacts (user_id, channel, address, verified_at, updated_at) VALUES ($1, 'email', $2, 1, 1)",
    )
    .bind(&maria)
    .bind(&to)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO notification_settings (user_id, channel, enabled, updated_at) VALUES ($1, 'email', 1, 1)")
        .bind(&maria)
        .execute(&pool)
        .await
        .unwrap();

    let a = cluster.node_with("A", &env).await;
    let warga = a.login("5371045505900001", "warga123").await;
    super::submit(&a, &warga, "Sebelum kill -9").await;
    // The row was committed with the request; A tries, the SMTP server is unreachable.
    let clock = Instant::now();
    loop {
        if let Some((status, attempts)) = outbox_row(&pool).await
            && attempts >= 1
        {
            assert_eq!(status, "menunggu", "a failed attempt leaves it waiting");
            break;
        }
        assert!(clock.elapsed() < Duration::from_secs(30), "node A never tried to send");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(a); // SIGKILL (std's Child::kill), no graceful shutdown
    assert!(smtp.mail_to(&to).is_empty());

    proxy.up.store(true, Ordering::SeqCst);
    let restarted = Instant::now();
    let b = cluster.node_with("B", &env).await;
    let mail = smtp.wait_for(&to, 1, 60).await;
    assert_eq!(mail.len(), 1, "delivered after the restart");
    eprintln!("after kill -9: restart to delivery {:.2} s", restarted.elapsed().as_secs_f64());
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(smtp.mail_to(&to).len(), 1, "exactly once");
    let (status, attempts) = outbox_row(&pool).await.unwrap();
    assert_eq!(status, "terkirim");
    assert!(attempts >= 2, "{attempts}");
    drop(b);
}

/// Security review, finding 10: a remote signature is made outside any transaction, under a
/// lease on the office's number counter. A node killed while the signing service holds its
/// letter takes no number: once the lease lapses, another node signs that letter and the next
/// ones with gapless numbers. On both databases.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_node_killed_during_a_remote_signature_takes_no_number_postgres() {
    let Some(cluster) = Cluster::new(200).await else { return };
    killed_during_a_remote_signature(cluster).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_node_killed_during_a_remote_signature_takes_no_number_sqlite() {
    killed_during_a_remote_signature(Cluster::sqlite(200).await).await;
}

async fn killed_during_a_remote_signature(cluster: Cluster) {
    use crate::bsre::{KNOWN_NIK, PASSPHRASE, PASSWORD, USER, start_fake};
    let (url, fake) = start_fake().await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&cluster.database_url).await.unwrap();
    sqlx::query(
        "UPDATE officials SET nik = $1 WHERE id = (SELECT official_id FROM users WHERE username = 'lurah.oebobo')",
    )
    .bind(KNOWN_NIK)
    .execute(&pool)
    .await
    .unwrap();
    let env = [
        ("SERAMBI_TTE", "bsre".to_string()),
        ("SERAMBI_BSRE_URL", url),
        ("SERAMBI_BSRE_USER", USER.to_string()),
        ("SERAMBI_BSRE_PASSWORD", PASSWORD.to_string()),
    ];
    let a = cluster.node_with("A", &env).await;
    let warga = a.login("5371045505900001", "warga123").await;
    let clerk = a.login("petugas.oebobo", "serambi123").await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let id = super::submit(&a, &warga, format!("Keperluan {i}")).await;
        assert_eq!(super::act(&a, &clerk, &id).await.status, reqwest::StatusCode::OK);
        ids.push(id);
    }
    let lurah = a.login("lurah.oebobo", "serambi123").await;
    let body = |ids: &[String]| serde_json::json!({ "input": { "request_ids": ids, "passphrase": PASSPHRASE } });

    // The service holds the first letter; node A is killed while it waits.
    fake.hold.store(true, Ordering::SeqCst);
    let request = reqwest::Client::new()
        .post(format!("{}/api/tandatangani", a.base()))
        .header(reqwest::header::COOKIE, lurah.clone())
        .json(&body(&ids[..1]));
    let in_flight = tokio::spawn(async move { request.send().await });
    let clock = Instant::now();
    while fake.seen.lock().unwrap().is_empty() {
        assert!(clock.elapsed() < Duration::from_secs(30), "node A never called the signer");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let held: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM leases WHERE name LIKE 'nomor:%'").fetch_one(&pool).await.unwrap();
    assert_eq!(held, 1, "the counter is held, by a lease");
    drop(a); // SIGKILL
    assert!(in_flight.await.unwrap().is_err(), "the killed node never answered");
    fake.hold.store(false, Ordering::SeqCst);
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT last_value FROM number_counters").fetch_optional(&pool).await.unwrap();
    assert_eq!(taken, None, "no number was taken");

    // Node B signs all three once the killed node's lease has lapsed.
    let b = cluster.node_with("B", &env).await;
    let lurah = b.login("lurah.oebobo", "serambi123").await;
    let restarted = Instant::now();
    let r = b.call(Some(&lurah), "tandatangani", body(&ids)).await;
    assert_eq!(r.status, reqwest::StatusCode::OK, "{}", r.text());
    eprintln!("after kill -9 mid-signature: signed again after {:.1} s", restarted.elapsed().as_secs_f64());
    let numbers: Vec<u32> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap_or_else(|| panic!("{o}")).split('/').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(numbers, vec![1, 2, 3], "gapless, the killed attempt's number given to its letter");
    let letters: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM letters").fetch_one(&pool).await.unwrap();
    assert_eq!(letters, 3);
    pool.close().await;
    drop(b);
}
