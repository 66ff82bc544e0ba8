//! `SERAMBI_FILES` and the `SERAMBI_S3_*` keys, read once at start: a folder or an S3 bucket.
//! Every bad value stops the start with a message naming the key.

use crate::config::{Config, Secret};
use anyhow::bail;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ClientOptions, ObjectStore, RetryConfig};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug)]
pub enum Location {
    Folder(PathBuf),
    S3(S3Location),
}

#[derive(Debug)]
pub struct S3Location {
    pub bucket: String,
    pub prefix: String,
    /// Empty: AWS itself.
    pub endpoint: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: Secret,
    pub allow_http: bool,
}

impl Location {
    pub fn parse(config: &Config) -> anyhow::Result<Location> {
        let raw = config.files.to_string_lossy();
        let Some(rest) = raw.strip_prefix("s3://") else {
            if raw.contains("://") {
                bail!("SERAMBI_FILES harus berupa folder atau s3://BUCKET/AWALAN, bukan {raw}");
            }
            if !config.s3_endpoint.is_empty() || !config.s3_access_key.is_empty() {
                tracing::warn!("SERAMBI_S3_* diisi, tetapi SERAMBI_FILES adalah folder: berkas disimpan di folder");
            }
            return Ok(Location::Folder(config.files.clone()));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        check_bucket(bucket)?;
        let prefix = prefix.trim_matches('/');
        if let Err(e) = Path::parse(prefix) {
            bail!("SERAMBI_FILES: awalan \"{prefix}\" tidak sah ({e})");
        }
        let endpoint = config.s3_endpoint.trim_end_matches('/').to_string();
        check_endpoint(&endpoint, config.s3_allow_http)?;
        if config.s3_region.trim().is_empty() {
            bail!("SERAMBI_S3_REGION tidak boleh kosong (mis. us-east-1)");
        }
        if config.s3_access_key.is_empty() || config.s3_secret_key.0.is_empty() {
            bail!("SERAMBI_FILES memakai S3: SERAMBI_S3_ACCESS_KEY dan SERAMBI_S3_SECRET_KEY wajib diisi");
        }
        Ok(Location::S3(S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            endpoint,
            region: config.s3_region.trim().to_string(),
            access_key: config.s3_access_key.clone(),
            secret_key: config.s3_secret_key.clone(),
            allow_http: config.s3_allow_http,
        }))
    }
}

/// S3's rule: 3–63 characters, lowercase letters, digits, dots and hyphens, starting and ending
/// with a letter or digit.
fn check_bucket(bucket: &str) -> anyhow::Result<()> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-';
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if bucket.is_empty() {
        bail!("SERAMBI_FILES=s3://… memerlukan nama bucket, mis. s3://serambi-berkas/produksi");
    }
    if !(3..=63).contains(&bucket.len())
        || !bucket.chars().all(allowed)
        || !edge(bucket.chars().next())
        || !edge(bucket.chars().last())
    {
        bail!(
            "SERAMBI_FILES: nama bucket \"{bucket}\" tidak sah: 3–63 karakter, huruf kecil, angka, titik atau \
             tanda hubung"
        );
    }
    Ok(())
}

fn check_endpoint(endpoint: &str, allow_http: bool) -> anyhow::Result<()> {
    if endpoint.is_empty() || endpoint.starts_with("https://") {
        return Ok(());
    }
    if endpoint.starts_with("http://") {
        if allow_http {
            return Ok(());
        }
        bail!(
            "SERAMBI_S3_ENDPOINT memakai http:// tanpa enkripsi: setel SERAMBI_S3_ALLOW_HTTP=true bila memang \
             disengaja (server S3 di mesin yang sama atau di jaringan tertutup)"
        );
    }
    bail!(
        "SERAMBI_S3_ENDPOINT harus diawali https:// (atau http:// dengan SERAMBI_S3_ALLOW_HTTP=true), bukan {endpoint}"
    )
}

impl S3Location {
    pub fn describe(&self) -> String {
        let at = if self.endpoint.is_empty() { "AWS" } else { &self.endpoint };
        format!("s3://{}/{} di {at}", self.bucket, self.prefix)
    }

    /// The bucket as an object store, keys under the prefix. Retries are bounded so a wrong
    /// endpoint fails in seconds, not minutes.
    pub fn build(&self) -> anyhow::Result<Arc<dyn ObjectStore>> {
        // The client options first: `with_allow_http` is one of them.
        let options =
            ClientOptions::new().with_connect_timeout(Duration::from_secs(5)).with_timeout(Duration::from_secs(60));
        let mut builder = AmazonS3Builder::new()
            .with_client_options(options)
            .with_allow_http(self.allow_http)
            .with_bucket_name(&self.bucket)
            .with_region(&self.region)
            .with_access_key_id(&self.access_key)
            .with_secret_access_key(&self.secret_key.0)
            .with_virtual_hosted_style_request(false)
            .with_retry(RetryConfig { max_retries: 3, retry_timeout: Duration::from_secs(30), ..Default::default() });
        if !self.endpoint.is_empty() {
            builder = builder.with_endpoint(&self.endpoint);
        }
        let s3 = builder.build().map_err(|e| anyhow::anyhow!("pengaturan S3 tidak sah: {e}"))?;
        Ok(if self.prefix.is_empty() { Arc::new(s3) } else { Arc::new(PrefixStore::new(s3, self.prefix.as_str())) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(files: &str, adjust: impl FnOnce(&mut Config)) -> Config {
        let mut c = Config::for_tests("sqlite://x.db", std::path::Path::new("/tmp/x"));
        c.files = PathBuf::from(files);
        c.s3_access_key = "kunci".into();
        c.s3_secret_key = Secret("rahasia".into());
        adjust(&mut c);
        c
    }

    fn error(files: &str, adjust: impl FnOnce(&mut Config)) -> String {
        format!("{:#}", Location::parse(&config(files, adjust)).expect_err(files))
    }

    #[test]
    fn a_folder_stays_a_folder_and_an_s3_url_names_bucket_and_prefix() {
        assert!(matches!(Location::parse(&config("data/files", |_| {})).unwrap(), Location::Folder(_)));
        let Location::S3(s3) = Location::parse(&config("s3://serambi-berkas/kota/kupang/", |c| {
            c.s3_endpoint = "https://s3.contoh.go.id/".into()
        }))
        .unwrap() else {
            panic!("not S3")
        };
        assert_eq!((s3.bucket.as_str(), s3.prefix.as_str()), ("serambi-berkas", "kota/kupang"));
        assert_eq!(s3.describe(), "s3://serambi-berkas/kota/kupang di https://s3.contoh.go.id");
        assert!(!format!("{s3:?}").contains("rahasia"), "the secret is never printed");
    }

    type Case = (&'static str, fn(&mut Config), &'static str);

    #[test]
    fn bad_settings_get_a_message_naming_the_key() {
        let cases: Vec<Case> = vec![
            ("s3://", |_| {}, "memerlukan nama bucket"),
            ("s3://Berkas_Saya/x", |_| {}, "nama bucket \"Berkas_Saya\" tidak sah"),
            ("s3://ab", |_| {}, "tidak sah"),
            ("gs://serambi/x", |_| {}, "harus berupa folder atau s3://"),
            ("s3://serambi/a/../b", |_| {}, "awalan"),
            ("s3://serambi", |c| c.s3_access_key.clear(), "SERAMBI_S3_ACCESS_KEY dan SERAMBI_S3_SECRET_KEY"),
            ("s3://serambi", |c| c.s3_secret_key = Secret::default(), "wajib diisi"),
            ("s3://serambi", |c| c.s3_endpoint = "http://127.0.0.1:9000".into(), "SERAMBI_S3_ALLOW_HTTP=true"),
            ("s3://serambi", |c| c.s3_endpoint = "127.0.0.1:9000".into(), "harus diawali https://"),
            ("s3://serambi", |c| c.s3_region = " ".into(), "SERAMBI_S3_REGION"),
        ];
        for (files, adjust, expected) in cases {
            let message = error(files, adjust);
            assert!(message.contains(expected), "{files}: {message}");
        }
        let ok = config("s3://serambi", |c| {
            c.s3_endpoint = "http://127.0.0.1:9000".into();
            c.s3_allow_http = true;
        });
        assert!(Location::parse(&ok).is_ok());
    }
}
