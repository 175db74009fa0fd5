//! What every handler shares: the table, the clock, the configuration, and the caller's
//! context (agency registration, company memberships) cached for a minute.

use crate::error::{ServiceError, ServiceResult};
use ses_domain::{Agency, AgencyCode, CompanyUser, Email, Principal};
use ses_store::clock::Clock;
use ses_store::layout::{agency_key, user_email_partition, USER_COMPANY_PREFIX};
use ses_store::{Index, Query, Table};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Settings every HTTP function reads once at start-up.
#[derive(Debug, Clone)]
pub struct EdgeConfig {
    /// The base of links in emails and of absolute URLs (`PUBLIC_BASE_URL`).
    pub public_base_url: String,
}

#[derive(Clone)]
pub struct AppState {
    pub table: Table,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<EdgeConfig>,
    pub callers: Arc<CallerCache>,
}

impl AppState {
    pub fn new(table: Table, clock: Arc<dyn Clock>, config: EdgeConfig) -> AppState {
        AppState {
            table,
            clock,
            config: Arc::new(config),
            callers: Arc::new(CallerCache::default()),
        }
    }

    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }
}

const TTL: Duration = Duration::from_secs(60);

/// Registered agencies and company memberships, cached for a minute per process (a Lambda
/// instance or `ses-local`). Only positive agency lookups are cached, so a newly registered
/// agency is usable at once.
#[derive(Default)]
pub struct CallerCache {
    agencies: Mutex<HashMap<AgencyCode, (Instant, Agency)>>,
    memberships: Mutex<HashMap<Email, CachedMemberships>>,
}

/// When the links were read, and the links.
type CachedMemberships = (Instant, Arc<Vec<CompanyUser>>);

impl CallerCache {
    pub fn forget_agency(&self, code: &AgencyCode) {
        if let Ok(mut m) = self.agencies.lock() {
            m.remove(code);
        }
    }

    pub fn forget_memberships(&self, email: &Email) {
        if let Ok(mut m) = self.memberships.lock() {
            m.remove(email);
        }
    }
}

impl AppState {
    /// The caller's agency record, if it is registered.
    pub async fn registered_agency(&self, code: &AgencyCode) -> ServiceResult<Option<Agency>> {
        if let Ok(m) = self.callers.agencies.lock() {
            if let Some((at, a)) = m.get(code) {
                if at.elapsed() < TTL {
                    return Ok(Some(a.clone()));
                }
            }
        }
        let agency: Option<Agency> = match self.table.get(&agency_key(code)).await? {
            Some(item) => Some(item.entity()?),
            None => None,
        };
        if let (Some(a), Ok(mut m)) = (&agency, self.callers.agencies.lock()) {
            m.insert(code.clone(), (Instant::now(), a.clone()));
        }
        Ok(agency)
    }

    /// An agency user may act only once CSBS has registered their agency (`/me` excepted).
    pub async fn require_registered(&self, p: &Principal) -> ServiceResult<()> {
        if let Some(code) = p.agency.as_ref().filter(|_| p.is_agency_user()) {
            if self.registered_agency(code).await?.is_none() {
                return Err(ServiceError::Forbidden(format!(
                    "agency {code} is not registered in SES; ask CSBS to register it"
                )));
            }
        }
        Ok(())
    }

    /// The caller's company links (current ones only); empty for non-company callers.
    pub async fn memberships(&self, p: &Principal) -> ServiceResult<Arc<Vec<CompanyUser>>> {
        // An unverified email links to nothing: the link is by email alone.
        let Some(email) = p.email.as_ref().filter(|_| p.is_company_user() && p.email_verified) else {
            return Ok(Arc::new(vec![]));
        };
        if let Ok(m) = self.callers.memberships.lock() {
            if let Some((at, links)) = m.get(email) {
                if at.elapsed() < TTL {
                    return Ok(links.clone());
                }
            }
        }
        let page = self
            .table
            .query(
                Query::index(Index::Gsi1, user_email_partition(email))
                    .prefix(USER_COMPANY_PREFIX)
                    .limit(100),
            )
            .await?;
        let mut links = Vec::new();
        for item in &page.items {
            let u: CompanyUser = item.entity()?;
            if u.is_current() {
                links.push(u);
            }
        }
        let links = Arc::new(links);
        if let Ok(mut m) = self.callers.memberships.lock() {
            m.insert(email.clone(), (Instant::now(), links.clone()));
        }
        Ok(links)
    }
}
