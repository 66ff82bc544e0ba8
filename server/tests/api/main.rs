//! Integration tests: drive the server's router over HTTP on SQLite and on PostgreSQL.

mod support;

mod accounts;
mod activation;
mod asking;
mod audit;
mod backup;
mod bsre;
mod caching;
mod catalogue;
mod dashboard;
mod flow;
mod forms;
mod leases;
mod matrix;
mod metrics;
mod nodes;
mod notifications;
/// The notification tests' helpers, shared with the kill -9 test of the nodes.
mod notifications_support;
mod openapi;
mod orphans;
mod population;
mod queue;
mod readiness;
mod refusals;
mod regions;
mod registration;
mod rights;
mod setup;
mod signatures;
mod statistics;
mod storage;
mod stored;
mod survey;
