//! One table of the endpoints of both API versions: each one's operation (the JS method and the
//! TypeScript declaration of it), method and path; then the pacing lane and chunk size.
//!
//! The table is the one list of operations: each JS class defines a method for each of its
//! version's rows ([`Api::endpoints`] by [`Endpoint::js_name`]), the package's `.d.ts` declares
//! the classes from [`TS_CLASSES`], and [`crate::ops`] plans each by its variant.

/// The API versions the client speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Api {
    /// v2 (`TrackingMore`, key header `Trackingmore-Api-Key`).
    V2,
    /// v4, TrackingMore's current API (`TrackingMoreV4`, key header `Tracking-Api-Key`).
    V4,
}

impl Api {
    /// The name used in account keys and option errors (`"v2"`, `"v4"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Api::V2 => "v2",
            Api::V4 => "v4",
        }
    }

    /// The real API's base URL.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Api::V2 => "https://api.trackingmore.com/v2",
            Api::V4 => "https://api.trackingmore.com/v4",
        }
    }

    /// The header that carries the API key.
    pub fn key_header(self) -> &'static str {
        match self {
            Api::V2 => "Trackingmore-Api-Key",
            Api::V4 => "Tracking-Api-Key",
        }
    }

    /// The operations of this version, in the table's order.
    pub fn endpoints(self) -> &'static [Endpoint] {
        match self {
            Api::V2 => &Endpoint::V2,
            Api::V4 => &Endpoint::V4,
        }
    }
}

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

/// Which client-side pacing bucket a call waits in. v2 limits the account as a whole (realtime
/// apart); v4 limits each endpoint on its own, so each v4 endpoint has a lane of its own, named
/// by its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// v2: shared by every call but realtime (`requestsPerSecond`, default 1).
    General,
    /// v2 `realtimeTracking` (`realtimeRequestsPerSecond`, default 3).
    Realtime,
    /// v4 `POST /trackings/create` (`createRequestsPerSecond`, default 3).
    Create,
    /// Any other v4 endpoint, by its path (`requestsPerSecond`, default 10 each).
    Endpoint(&'static str),
}

/// Defines [`Endpoint`] from the table below: the enum, the operations of each version, their JS
/// names, routes, and the TypeScript declarations of the two classes ([`TS_CLASSES`]).
macro_rules! endpoints {
    ($(
        $api:ident $class:literal ($class_doc:literal) $options:literal $page:literal $query:literal {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident: $method:ident $path:literal, $js:literal $ts:literal;
            )*
        }
    )*) => {
        /// The endpoints of both versions, one per operation of the client.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Endpoint {
            $( $( $(#[doc = $doc])* $variant, )* )*
        }

        impl Endpoint {
            $(
                #[doc = concat!("The ", stringify!($api), " operations, in the table's order.")]
                pub const $api: [Endpoint; [$($js),*].len()] = [$(Endpoint::$variant),*];
            )*

            /// The API version it belongs to.
            pub fn api(self) -> Api {
                match self {
                    $( $( Endpoint::$variant => Api::$api, )* )*
                }
            }

            /// The name of its method on its version's JS class (`getTracking`).
            pub fn js_name(self) -> &'static str {
                match self {
                    $( $( Endpoint::$variant => $js, )* )*
                }
            }

            /// Method and path below the base URL (the path of the endpoints that take a
            /// tracking or an id in the path is their prefix: [`crate::ops`] completes it).
            pub fn route(self) -> (Method, &'static str) {
                match self {
                    $( $( Endpoint::$variant => (Method::$method, $path), )* )*
                }
            }
        }

        /// The TypeScript declarations of the JS classes: one method per endpoint, with its docs.
        pub const TS_CLASSES: &str = concat!($(
            "/** ", $class_doc, " Every method checks its input before any request and rejects with `TrackingMoreError`. */\n",
            "export declare class ", $class, " {\n",
            "  /** Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options. */\n",
            "  constructor(options: ", $options, ");\n",
            $( "  /**", $($doc,)* " */\n  ", $js, $ts, ";\n", )*
            "  /** Every tracking matching `query`, page after page, as an async iterable. Throws for a bad query. */\n",
            "  allTrackings(query?: ", $query, ", opts?: CallOptions): AsyncIterable<", $page, ">;\n",
            "  /** Releases the wasm memory of this client now (it is also released when garbage-collected). */\n",
            "  free(): void;\n",
            "  [Symbol.dispose](): void;\n",
            "}\n",
        )*);
    };
}

endpoints! {
V2 "TrackingMore" ("The TrackingMore v2 client.") "TrackingMoreOptions" "Tracking" "ListQuery" {
    /// `GET /carriers`: every courier.
    Carriers: Get "/carriers", "carriers" "(opts?: LangOptions): Promise<Carrier[]>";
    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    DetectCarrier: Post "/carriers/detect", "detectCarrier" "(trackingNumber: string, opts?: CallOptions): Promise<CarrierMatch[]>";
    /// `POST /trackings/post`: creates one tracking.
    CreateTracking: Post "/trackings/post", "createTracking" "(input: NewTracking, opts?: CallOptions): Promise<Tracking>";
    /// `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results.
    GetTracking: Get "/trackings", "getTracking" "(carrierCode: string, trackingNumber: string, opts?: LangOptions): Promise<Tracking>";
    /// `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8).
    UpdateTracking: Put "/trackings", "updateTracking" "(carrierCode: string, trackingNumber: string, fields: TrackingUpdate, opts?: CallOptions): Promise<Tracking>";
    /// `DELETE /trackings/{carrier}/{number}`.
    DeleteTracking: Delete "/trackings", "deleteTracking" "(carrierCode: string, trackingNumber: string, opts?: CallOptions): Promise<void>";
    /// `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`.
    RealtimeTracking: Post "/trackings/realtime", "realtimeTracking" "(input: RealtimeQuery, opts?: CallOptions): Promise<Tracking>";
    /// `POST /trackings/update`: moves a tracking to another carrier code.
    ChangeCarrier: Post "/trackings/update", "changeCarrier" "(carrierCode: string, trackingNumber: string, newCarrierCode: string, opts?: CallOptions): Promise<void>";
    /// `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`.
    CreateTrackings: Post "/trackings/batch", "createTrackings" "(inputs: NewTracking[], opts?: BatchOptions): Promise<BatchResult>";
    /// `GET /trackings/get`: one page (`total` as a number).
    ListTrackings: Get "/trackings/get", "listTrackings" "(query?: ListQuery, opts?: CallOptions): Promise<TrackingPage>";
    /// `POST /trackings/updatemore`, chunked.
    UpdateTrackings: Post "/trackings/updatemore", "updateTrackings" "(items: TrackingUpdateItem[], opts?: CallOptions): Promise<ManyResult>";
    /// `POST /trackings/delete`, chunked.
    DeleteTrackings: Post "/trackings/delete", "deleteTrackings" "(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>";
    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    StopUpdating: Post "/trackings/notupdate", "stopUpdating" "(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>";
    /// `GET /trackings/getuserinfo`.
    UserInfo: Get "/trackings/getuserinfo", "userInfo" "(opts?: CallOptions): Promise<UserInfo>";
    /// `GET /trackings/getstatusnumber`: trackings per status.
    StatusCounts: Get "/trackings/getstatusnumber", "statusCounts" "(query?: StatusCountsQuery, opts?: CallOptions): Promise<StatusCounts>";
    /// `POST /trackings/remote`: are these destinations remote areas?
    CheckRemote: Post "/trackings/remote", "checkRemote" "(queries: RemoteQuery[], opts?: CallOptions): Promise<RemoteResult>";
    /// `POST /trackings/costtime`: transit-time statistics, one per route asked.
    TransitTimes: Post "/trackings/costtime", "transitTimes" "(queries: TransitQuery[], opts?: CallOptions): Promise<TransitTime[]>";
    /// `POST /trackings/aircargo`: air waybills.
    AirCargo: Post "/trackings/aircargo", "airCargo" "(awbNumbers: string[], opts?: LangOptions): Promise<AirCargo[]>";
}
V4 "TrackingMoreV4" ("The TrackingMore v4 client.") "TrackingMoreV4Options" "TrackingV4" "ListQueryV4" {
    /// `GET /couriers/all`: every courier.
    V4Couriers: Get "/couriers/all", "couriers" "(opts?: CallOptions): Promise<Courier[]>";
    /// `POST /couriers/detect`: the couriers a number may belong to, the most likely first.
    V4DetectCourier: Post "/couriers/detect", "detectCourier" "(trackingNumber: string, opts?: CallOptions): Promise<Courier[]>";
    /// `POST /trackings/create` (its own 3 req/s lane): creates one tracking and fetches its results.
    V4CreateTracking: Post "/trackings/create", "createTracking" "(input: NewTrackingV4, opts?: CallOptions): Promise<TrackingV4>";
    /// `GET /trackings/get?tracking_numbers=N&courier_code=C`: the tracking of that number and courier.
    V4GetTracking: Get "/trackings/get", "getTracking" "(courierCode: string, trackingNumber: string, opts?: LangOptions): Promise<TrackingV4>";
    /// `GET /trackings/get`: one page of trackings.
    V4ListTrackings: Get "/trackings/get", "listTrackings" "(query?: ListQueryV4, opts?: CallOptions): Promise<TrackingV4[]>";
    /// `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`.
    V4CreateTrackings: Post "/trackings/batch", "createTrackings" "(inputs: NewTrackingV4[], opts?: BatchOptions): Promise<BatchResultV4>";
    /// `PUT /trackings/update/{id}`: edits a tracking (`courier_code_new` moves it to another courier).
    V4UpdateTracking: Put "/trackings/update", "updateTracking" "(id: string, fields: TrackingUpdateV4, opts?: CallOptions): Promise<UpdatedTrackingV4>";
    /// `DELETE /trackings/delete/{id}`: the API's `data`, or `{ id }` when a retried delete found it gone.
    V4DeleteTracking: Delete "/trackings/delete", "deleteTracking" "(id: string, opts?: CallOptions): Promise<DeletedTrackingV4>";
    /// `POST /trackings/retrack/{id}`: restarts an expired tracking.
    V4Retrack: Post "/trackings/retrack", "retrack" "(id: string, opts?: CallOptions): Promise<TrackingV4>";
    /// `POST /awb`: an air waybill.
    V4AirWaybill: Post "/awb", "airWaybill" "(awbNumber: string, opts?: CallOptions): Promise<AirWaybill>";
}
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
    /// The endpoint whose JS method on `api`'s class is `name`.
    pub fn from_js_name(api: Api, name: &str) -> Option<Endpoint> {
        api.endpoints()
            .iter()
            .copied()
            .find(|e| e.js_name() == name)
    }

    /// The pacing lane.
    pub fn lane(self) -> Lane {
        match self {
            Endpoint::RealtimeTracking => Lane::Realtime,
            Endpoint::V4CreateTracking => Lane::Create,
            ep if ep.api() == Api::V4 => Lane::Endpoint(ep.route().1),
            _ => Lane::General,
        }
    }

    /// Items per request for the chunked endpoints.
    pub fn chunk(self) -> Option<usize> {
        match self {
            Endpoint::CreateTrackings | Endpoint::V4CreateTrackings => Some(BATCH_CHUNK),
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

    #[test]
    fn js_names_are_unique_and_found_again() {
        for api in [Api::V2, Api::V4] {
            for &ep in api.endpoints() {
                assert_eq!(ep.api(), api);
                assert_eq!(Endpoint::from_js_name(api, ep.js_name()), Some(ep));
                assert!(TS_CLASSES.contains(&format!("  {}(", ep.js_name())));
            }
        }
        assert_eq!(Endpoint::from_js_name(Api::V2, "getTrackings"), None);
        assert_eq!(Endpoint::from_js_name(Api::V2, "retrack"), None);
        assert_eq!(
            Endpoint::from_js_name(Api::V4, "createTracking"),
            Some(Endpoint::V4CreateTracking)
        );
    }

    #[test]
    fn v4_lanes_are_per_endpoint() {
        assert_eq!(Endpoint::V4CreateTracking.lane(), Lane::Create);
        assert_eq!(
            Endpoint::V4GetTracking.lane(),
            Endpoint::V4ListTrackings.lane(),
            "one endpoint, one lane"
        );
        assert_ne!(Endpoint::V4Retrack.lane(), Endpoint::V4AirWaybill.lane());
        assert_eq!(Endpoint::V4CreateTrackings.chunk(), Some(40));
    }
}
