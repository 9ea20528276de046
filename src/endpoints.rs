//! One table of the v2 endpoints: method, path, pacing lane and chunk size.

/// HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET (no body).
    Get,
    /// POST (JSON body).
    Post,
    /// PUT (JSON body).
    Put,
    /// DELETE (no body).
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Which client-side pacing bucket a call waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// Shared by every call but realtime (default 1 req/s).
    General,
    /// `realtimeTracking` (default 3 req/s).
    Realtime,
}

/// The v2 endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Endpoint {
    Carriers,
    DetectCarrier,
    CreateTracking,
    GetTracking,
    UpdateTracking,
    DeleteTracking,
    RealtimeTracking,
    ChangeCarrier,
    CreateTrackings,
    ListTrackings,
    UpdateTrackings,
    DeleteTrackings,
    StopUpdating,
    UserInfo,
    StatusCounts,
    CheckRemote,
    TransitTimes,
    AirCargo,
}

/// Documented batch-create limit.
pub const BATCH_CHUNK: usize = 40;
/// Chunk size for updatemore / delete / notupdate (their limit is not documented; 40 is safe).
pub const MANY_CHUNK: usize = 40;
/// Largest `limit` of `GET /trackings/get`.
pub const LIST_LIMIT_MAX: u32 = 2000;
/// Most values in the `numbers` / `orders` filters.
pub const FILTER_VALUES_MAX: usize = 40;

impl Endpoint {
    /// Method and path (below the base URL; `{}` parts are filled by the request builder).
    pub fn route(self) -> (Method, &'static str) {
        use Endpoint::*;
        use Method::*;
        match self {
            Carriers => (Get, "/carriers"),
            DetectCarrier => (Post, "/carriers/detect"),
            CreateTracking => (Post, "/trackings/post"),
            GetTracking => (Get, "/trackings"),
            UpdateTracking => (Put, "/trackings"),
            DeleteTracking => (Delete, "/trackings"),
            RealtimeTracking => (Post, "/trackings/realtime"),
            ChangeCarrier => (Post, "/trackings/update"),
            CreateTrackings => (Post, "/trackings/batch"),
            ListTrackings => (Get, "/trackings/get"),
            UpdateTrackings => (Post, "/trackings/updatemore"),
            DeleteTrackings => (Post, "/trackings/delete"),
            StopUpdating => (Post, "/trackings/notupdate"),
            UserInfo => (Get, "/trackings/getuserinfo"),
            StatusCounts => (Get, "/trackings/getstatusnumber"),
            CheckRemote => (Post, "/trackings/remote"),
            TransitTimes => (Post, "/trackings/costtime"),
            AirCargo => (Post, "/trackings/aircargo"),
        }
    }

    /// The pacing lane.
    pub fn lane(self) -> Lane {
        if self == Endpoint::RealtimeTracking {
            Lane::Realtime
        } else {
            Lane::General
        }
    }

    /// Items per request for the chunked endpoints.
    pub fn chunk(self) -> Option<usize> {
        match self {
            Endpoint::CreateTrackings => Some(BATCH_CHUNK),
            Endpoint::UpdateTrackings | Endpoint::DeleteTrackings | Endpoint::StopUpdating => {
                Some(MANY_CHUNK)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(
            Endpoint::CreateTrackings.route(),
            (Method::Post, "/trackings/batch")
        );
        assert_eq!(Endpoint::CreateTrackings.chunk(), Some(40));
        assert_eq!(Endpoint::RealtimeTracking.lane(), Lane::Realtime);
        assert_eq!(Endpoint::ListTrackings.lane(), Lane::General);
        assert_eq!(Endpoint::DeleteTracking.route().0.as_str(), "DELETE");
    }
}
