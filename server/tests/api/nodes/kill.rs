//! A notification committed with its request survives `kill -9` of the node that should have
//! sent it: the SMTP server is unreachable (a proxy in this test refuses connections), the node
//! records a failed attempt, is killed with SIGKILL, the SMTP server comes back, a restarted
//! node sends the message, and the real SMTP server (aiosmtpd) holds it exactly once.

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
