//! One table of the v2 endpoints: each one's operation (the JS method and the TypeScript
//! declaration of it), method and path; then the pacing lane and chunk size.
//!
//! The table is the one list of operations: the JS class defines a method for each
//! ([`Endpoint::ALL`] by [`Endpoint::js_name`]), the package's `.d.ts` declares the class from
//! [`TS_CLASS`], and [`crate::ops`] plans each by its variant.

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

/// Defines [`Endpoint`] from the table below: the enum, [`Endpoint::ALL`], its JS name, route,
/// and the TypeScript declaration of the `TrackingMore` class ([`TS_CLASS`]).
macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident: $method:ident $path:literal, $js:literal $ts:literal;
    )*) => {
        /// The v2 endpoints, one per operation of the client.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Endpoint {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Endpoint {
            /// Every endpoint, in the table's order.
            pub const ALL: [Endpoint; [$($js),*].len()] = [$(Endpoint::$variant),*];

            /// The name of its method on the JS class (`getTracking`).
            pub fn js_name(self) -> &'static str {
                match self {
                    $( Endpoint::$variant => $js, )*
                }
            }

            /// Method and path below the base URL (the path of the endpoints that take a
            /// tracking in the path is their prefix: [`crate::encode::tracking_path`] fills it).
            pub fn route(self) -> (Method, &'static str) {
                match self {
                    $( Endpoint::$variant => (Method::$method, $path), )*
                }
            }
        }

        /// The TypeScript declaration of the JS class: one method per endpoint, with its docs.
        pub const TS_CLASS: &str = concat!(
            "/** The TrackingMore v2 client. Every method checks its input before any request and rejects with `TrackingMoreError`. */\n",
            "export declare class TrackingMore {\n",
            "  /** Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options. */\n",
            "  constructor(options: TrackingMoreOptions);\n",
            $( "  /**", $($doc,)* " */\n  ", $js, $ts, ";\n", )*
            "  /** Every tracking matching `query`, page after page, as an async iterable. Throws for a bad query. */\n",
            "  allTrackings(query?: ListQuery, opts?: CallOptions): AsyncIterable<Tracking>;\n",
            "  /** Releases the wasm memory of this client now (it is also released when garbage-collected). */\n",
            "  free(): void;\n",
            "  [Symbol.dispose](): void;\n",
            "}\n",
        );
    };
}

endpoints! {
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

/// Documented batch-create limit.
pub const BATCH_CHUNK: usize = 40;
/// Chunk size for updatemore / delete / notupdate (their limit is not documented; 40 is safe).
pub const MANY_CHUNK: usize = 40;
/// Largest `limit` of `GET /trackings/get`.
pub const LIST_LIMIT_MAX: u32 = 2000;
/// Most values in the `numbers` / `orders` filters.
pub const FILTER_VALUES_MAX: usize = 40;

impl Endpoint {
    /// The endpoint whose JS method is `name`.
    pub fn from_js_name(name: &str) -> Option<Endpoint> {
        Endpoint::ALL.into_iter().find(|e| e.js_name() == name)
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

    #[test]
    fn js_names_are_unique_and_found_again() {
        for ep in Endpoint::ALL {
            assert_eq!(Endpoint::from_js_name(ep.js_name()), Some(ep));
            assert!(TS_CLASS.contains(&format!("  {}(", ep.js_name())));
        }
        assert_eq!(Endpoint::from_js_name("getTrackings"), None);
    }
}
