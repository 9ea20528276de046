/* tslint:disable */
/* eslint-disable */
/**
 * The API version of a client, as the JS classes name it.
 */

export type ApiVersion = "v2" | "v4";
/**
 * A `checkRemote()` query.
 */
export interface RemoteQuery {
    /**
     * Country name or two-letter code.
     */
    country: string;
    /**
     * Postcode (or city where the country has none).
     */
    postcode: string;
    /**
     * Express company, e.g. `"DHL"`.
     */
    company?: string;
}

/**
 * A `transitTimes()` query.
 */
export interface TransitQuery {
    /**
     * Carrier code.
     */
    carrier_code: string;
    /**
     * Origin country code.
     */
    original: string;
    /**
     * Destination country code.
     */
    destination: string;
}

/**
 * An item of `updateTrackings()`.
 */
export interface TrackingUpdateItem extends TrackingUpdate {
    /**
     * The parcel's number.
     */
    tracking_number: string;
    /**
     * Carrier code.
     */
    carrier_code: string;
}

/**
 * Editable fields of `updateTracking()` (and of `updateTrackings()` items).
 */
export interface TrackingUpdate {
    /**
     * Product title.
     */
    title?: string;
    /**
     * Logistics channel text.
     */
    logistics_channel?: string;
    /**
     * Customer name.
     */
    customer_name?: string;
    /**
     * Customer e-mail.
     */
    customer_email?: string;
    /**
     * Customer phone.
     */
    customer_phone?: string;
    /**
     * Order id.
     */
    order_id?: string;
    /**
     * Two-letter destination country code.
     */
    destination_code?: string;
    /**
     * `"true"` archives, `"false"` unarchives.
     */
    archived?: "true" | "false";
    /**
     * 4 = delivered, 7 = exception, 8 = back to the tracked status.
     */
    status?: 4 | 7 | 8;
}

/**
 * Fields of v4 `updateTracking()`: any of the optional create fields, a new courier, or the
 * archive state.
 */
export interface TrackingUpdateV4 extends TrackingFieldsV4 {
    /**
     * Moves the tracking to this courier.
     */
    courier_code_new?: string;
    /**
     * `archived` or `tracking` (not archived).
     */
    archived_status?: "archived" | "tracking";
}

/**
 * Filters of `listTrackings()` / `allTrackings()` (times are unix seconds).
 */
export interface ListQuery {
    /**
     * Page, from 1.
     */
    page?: number;
    /**
     * Page size, 1..2000 (default 100).
     */
    limit?: number;
    /**
     * Only this status.
     */
    status?: TrackingStatus;
    /**
     * Created at or after.
     */
    created_at_min?: number;
    /**
     * Created at or before.
     */
    created_at_max?: number;
    /**
     * Updated at or after.
     */
    update_time_min?: number;
    /**
     * Updated at or before.
     */
    update_time_max?: number;
    /**
     * Order time at or after.
     */
    order_created_time_min?: number;
    /**
     * Order time at or before.
     */
    order_created_time_max?: number;
    /**
     * Answer language.
     */
    lang?: string;
    /**
     * Up to 40 tracking numbers, comma-separated.
     */
    numbers?: string;
    /**
     * Up to 40 order ids, comma-separated.
     */
    orders?: string;
    /**
     * `"true"` or `"false"`.
     */
    archived?: "true" | "false";
}

/**
 * Filters of `statusCounts()` (unix seconds).
 */
export interface StatusCountsQuery {
    /**
     * Created at or after.
     */
    created_at_min?: number;
    /**
     * Created at or before.
     */
    created_at_max?: number;
    /**
     * Order time at or after.
     */
    order_created_time_min?: number;
    /**
     * Order time at or before.
     */
    order_created_time_max?: number;
}

/**
 * Filters of v4 `listTrackings()` / `allTrackings()` (dates are RFC 3339 text; the JS class
 * also takes `Date` objects).
 */
export interface ListQueryV4 {
    /**
     * Page number, from 1.
     */
    pages_amount?: number;
    /**
     * Page size, 1..2000 (default 100).
     */
    items_amount?: number;
    /**
     * Up to 40 tracking numbers, comma-separated.
     */
    tracking_numbers?: string;
    /**
     * Only this courier.
     */
    courier_code?: string;
    /**
     * Only this status.
     */
    delivery_status?: TrackingStatusV4;
    /**
     * `archived` or `tracking`.
     */
    archived_status?: "archived" | "tracking";
    /**
     * Created at or after.
     */
    created_date_min?: string | Date;
    /**
     * Created at or before.
     */
    created_date_max?: string | Date;
    /**
     * Updated at or after.
     */
    updated_date_min?: string | Date;
    /**
     * Updated at or before.
     */
    updated_date_max?: string | Date;
    /**
     * Answer language.
     */
    lang?: string;
}

/**
 * Input of `createTracking()` / items of `createTrackings()` (the API's own field names).
 */
export interface NewTracking {
    /**
     * The parcel's number (required).
     */
    tracking_number: string;
    /**
     * Carrier code (required), from `carriers()` or `detectCarrier()`.
     */
    carrier_code: string;
    /**
     * Two-letter destination country code.
     */
    destination_code?: string;
    /**
     * Product title.
     */
    title?: string;
    /**
     * Logistics channel text.
     */
    logistics_channel?: string;
    /**
     * Customer name.
     */
    customer_name?: string;
    /**
     * Customer e-mail.
     */
    customer_email?: string;
    /**
     * Customer phone.
     */
    customer_phone?: string;
    /**
     * Order id, e.g. `"#123"`.
     */
    order_id?: string;
    /**
     * Order time, e.g. `"2017/8/27 16:51"`.
     */
    order_create_time?: string;
    /**
     * Ship date `YYYYMMDD` (some carriers need it).
     */
    tracking_ship_date?: string;
    /**
     * Receiver's postcode (some carriers need it).
     */
    tracking_postal_code?: string;
    /**
     * Account number (some carriers need it).
     */
    tracking_account_number?: string;
    /**
     * Destination country (some carriers need it).
     */
    tracking_destination_country?: string;
    /**
     * Destination for certain carriers (camelCase in the API).
     */
    specialNumberDestination?: string;
    /**
     * Answer language, e.g. `"en"`.
     */
    lang?: string;
    /**
     * Free comment.
     */
    comment?: string;
}

/**
 * Input of `realtimeTracking()`.
 */
export interface RealtimeQuery {
    /**
     * The parcel's number.
     */
    tracking_number: string;
    /**
     * Carrier code.
     */
    carrier_code: string;
    /**
     * Two-letter destination country code.
     */
    destination_code?: string;
    /**
     * Ship date `YYYYMMDD`.
     */
    tracking_ship_date?: string;
    /**
     * Receiver's postcode.
     */
    tracking_postal_code?: string;
    /**
     * Account number.
     */
    tracking_account_number?: string;
    /**
     * Destination for certain carriers.
     */
    specialNumberDestination?: string;
    /**
     * Order id (the API calls it `order` here).
     */
    order?: string;
    /**
     * Order time.
     */
    order_create_time?: string;
    /**
     * Answer language.
     */
    lang?: string;
}

/**
 * Input of v4 `createTracking()` / items of `createTrackings()` (the API's v4 field names).
 */
export interface NewTrackingV4 extends TrackingFieldsV4 {
    /**
     * The parcel's number (required).
     */
    tracking_number: string;
    /**
     * Courier code (required), from `couriers()` or `detectCourier()`.
     */
    courier_code: string;
    /**
     * Answer language, e.g. `en`.
     */
    language?: string;
    /**
     * `\"1\"` turns the courier's auto-correction off.
     */
    auto_correct?: string;
}

/**
 * The optional fields of a v4 tracking that both `createTracking()` and `updateTracking()` take
 * (the API's v4 names; `""` or absent: not given).
 */
export interface TrackingFieldsV4 {
    /**
     * Order number.
     */
    order_number?: string;
    /**
     * Order id.
     */
    order_id?: string;
    /**
     * Order date (e.g. `2024-05-01T10:00:00+00:00`).
     */
    order_date?: string;
    /**
     * Two-letter origin country.
     */
    origin_country_iso2?: string;
    /**
     * Two-letter destination country.
     */
    destination_country_iso2?: string;
    /**
     * Customer name.
     */
    customer_name?: string;
    /**
     * Customer e-mail.
     */
    customer_email?: string;
    /**
     * Customer phone for text messages, `+<country code><number>`.
     */
    customer_sms?: string;
    /**
     * Recipient's postcode.
     */
    recipient_postcode?: string;
    /**
     * Product title.
     */
    title?: string;
    /**
     * Logistics channel.
     */
    logistics_channel?: string;
    /**
     * Free note.
     */
    note?: string;
    /**
     * Labels, comma-separated.
     */
    label?: string;
    /**
     * Courier account number (some couriers need it).
     */
    tracking_courier_account?: string;
    /**
     * Postal code (some couriers need it).
     */
    tracking_postal_code?: string;
    /**
     * Origin country (some couriers need it).
     */
    tracking_origin_country?: string;
    /**
     * Destination country (some couriers need it).
     */
    tracking_destination_country?: string;
    /**
     * Ship date `YYYYMMDD` (some couriers need it).
     */
    tracking_ship_date?: string;
    /**
     * Courier key (some couriers need it).
     */
    tracking_key?: string;
}

/**
 * `{ tracking_number, carrier_code }`: names one tracking.
 */
export interface TrackingRef {
    /**
     * The parcel's number.
     */
    tracking_number: string;
    /**
     * Carrier code.
     */
    carrier_code: string;
}

/** A courier (`carriers()`). */
export interface Carrier {
    /** Display name, e.g. "DHL". */
    name: string;
    /** The code to use everywhere else, e.g. "dhl". */
    code: string;
    /** Customer-service phone, as the carrier publishes it. */
    phone: string;
    /** The carrier's site. */
    homepage: string;
    /** "express" or "globalpost" (postal operators). */
    type: string;
    /** Logo URL (protocol-relative). */
    picture: string;
}
/** A courier whose numbers look like the one given (`detectCarrier()`). */
export interface CarrierMatch {
    /** Display name. */
    name: string;
    /** Carrier code. */
    code: string;
}
/** One scan of a parcel (`origin_info.trackinfo[]`, newest first). Field casing is the API's. */
export interface Checkpoint {
    /** Local time of the scan, "YYYY-MM-DD HH:mm[:ss]", no time zone. */
    Date: string;
    /** What happened. */
    StatusDescription: string;
    /** Where, or more detail. */
    Details: string;
    /** The status this scan stands for. */
    checkpoint_status: TrackingStatus;
    /** The milestone this scan set, e.g. "ItemReceived". */
    ItemNode?: string;
    /** The substatus of this scan, e.g. "transit002". */
    substatus?: string;
}
/** One carrier's leg of a shipment (`origin_info`, `destination_info`). */
export interface CarrierInfo {
    /** The carrier's own reference, when it gives one. */
    ReferenceNumber: string | null;
    /** When the carrier received the parcel ("YYYY-MM-DD HH:mm[:ss]"), or null. */
    ItemReceived: string | null;
    /** When it left. */
    ItemDispatched: string | null;
    /** When it departed from the airport. */
    DepartfromAirport: string | null;
    /** When it arrived from abroad. */
    ArrivalfromAbroad: string | null;
    /** When customs cleared it. */
    CustomsClearance: string | null;
    /** When it arrived at the destination. */
    DestinationArrived: string | null;
    /** The carrier's tracking page (null on a leg no carrier has taken yet). */
    weblink: string | null;
    /** The carrier's phone, or null. */
    phone: string | null;
    /** This leg's carrier code, or null. */
    carrier_code: string | null;
    /** The scans, newest first. */
    trackinfo: Checkpoint[];
}
/**
 * A tracking: `getTracking()`, list items, `realtimeTracking()`, webhooks (`parseWebhook()`);
 * `createTracking()`, `updateTracking()` and batch answers carry the basic fields only (the ones
 * marked optional are then absent). Fields the API adds that are not declared here are kept at
 * run time.
 */
export interface Tracking {
    /** TrackingMore's id (32 hex). No v2 URL uses it: a tracking is its carrier and number. */
    id: string;
    /** The parcel's number. */
    tracking_number: string;
    /** Carrier code. */
    carrier_code: string;
    /** The main status. */
    status: TrackingStatus;
    /** The substatus, e.g. "transit002" (the README's sample page has them in words), or null. */
    substatus?: string | null;
    /** Always null in every capture. */
    status_info?: string | null;
    /** Whether TrackingMore still refreshes it (false after delivery or `stopUpdating`). */
    track_update?: boolean;
    /** When it was created, ISO-8601 with an offset. */
    created_at: string;
    /** When it was last changed, ISO-8601 with an offset, or null. */
    updated_at: string | null;
    /** The order time as it was given, or null (the API's `0` and `""` are null here). */
    order_create_time: string | null;
    /** Customer e-mails: always a list here (the API sends a string, a list, `""` or null). */
    customer_email: string[];
    /** Customer name, or null. */
    customer_name: string | null;
    /** Customer phone, or null. */
    customer_phone: string | null;
    /** Product title, or null. */
    title: string | null;
    /** Order id, or null. */
    order_id: string | null;
    /** Comment, or null. */
    comment: string | null;
    /** Logistics channel, or null. */
    logistics_channel: string | null;
    /** Destination country code given at creation (basic answers), e.g. "US", or "". */
    destination?: string;
    /** Destination country code given at creation, e.g. "US". */
    destination_code?: string | null;
    /** Archived. */
    archived: boolean;
    /** Origin country *name*, e.g. "Hong Kong [CN]", or "". */
    original_country?: string;
    /** Destination country name, or "". */
    destination_country?: string;
    /** Days in transit, or null. */
    itemTimeLength?: number | null;
    /** Days since the last scan. */
    stayTimeLength?: number;
    /** The carrier's service code, or null. */
    service_code?: string | null;
    /** The origin carrier's leg. */
    origin_info?: CarrierInfo;
    /** The destination carrier's leg (filled once a last-mile carrier takes over). */
    destination_info?: CarrierInfo;
    /** The newest scan as "<description>,<details>,<date>". */
    lastEvent?: string;
    /** Time of the newest scan, "YYYY-MM-DD HH:mm[:ss]". */
    lastUpdateTime?: string;
}
/** A page of `listTrackings()`. */
export interface TrackingPage {
    /** Page number, from 1. */
    page: number;
    /** Page size. */
    limit: number;
    /** Matches over all pages (a string in the API; a number here). */
    total: number;
    /** Items on this page. */
    count: number;
    /** The trackings. */
    items: Tracking[];
}
/** An input that failed, in a many-item call's `errors`. */
export interface BatchItemError {
    /** The input's number. */
    tracking_number: string;
    /** The input's carrier code. */
    carrier_code: string;
    /** One of `TrackingMoreError`'s codes: `TRACKING_EXISTS` for a per-item 4016, the chunk's code when a chunk failed as a whole. */
    code: ErrorCode;
    /** The API's per-item code (e.g. 4016), when it gave one. */
    metaCode?: number;
    /** Why, scrubbed of the key. */
    message: string;
}
/** `createTrackings()`: every input appears exactly once, in `trackings` or in `errors`. */
export interface BatchResult {
    /** Inputs given. */
    submitted: number;
    /** Trackings created. */
    added: number;
    /** The created trackings (basic fields). */
    trackings: Tracking[];
    /** The inputs that were not created, each with its reason. */
    errors: BatchItemError[];
}
/** `updateTrackings()`, `deleteTrackings()`, `stopUpdating()`: the chunks' answers merged. */
export interface ManyResult {
    /** Inputs given. */
    submitted: number;
    /** `updateTrackings()`: how many were updated. */
    updated?: number;
    /** `deleteTrackings()`: how many were deleted. */
    delete?: number;
    /** `stopUpdating()`: how many were changed. */
    change?: number;
    /** The per-item answers, as the API returned them (their shape differs per endpoint). */
    trackings: unknown[];
    /** Every input that failed, each with its reason (also those the API reported inside `trackings`). */
    errors: BatchItemError[];
}
/** `userInfo()`: the account. */
export interface UserInfo {
    /** The account's e-mail (it signs the webhooks). */
    email: string;
    /** Registration time, unix seconds as text. */
    regtime: string;
    /** The account's phone, as text (the API's doc sample sends it as an unquoted number). */
    phone: string;
    /** Balance. */
    money: number;
    /** Trackings left in the quota. */
    track_number: number;
}
/** `statusCounts()`: trackings per status. */
export interface StatusCounts {
    pending: number;
    notfound: number;
    transit: number;
    pickup: number;
    delivered: number;
    undelivered: number;
    exception: number;
    expired: number;
    /** All of them. */
    total?: number;
}
/** A destination that is a remote area (`checkRemote()`). */
export interface RemoteArea {
    /** The carrier that calls it remote. */
    far_express_company: string;
    /** Country code. */
    two_code: string;
    /** Country name. */
    far_country: string;
    /** The postcode asked about. */
    far_city_postcode: string;
}
/** `checkRemote()`. */
export interface RemoteResult {
    /** Queries given. */
    submitted: number;
    /** The queries that are not remote areas, as given. */
    other: RemoteQuery[];
    /** The ones that are. */
    remote: RemoteArea[];
}
/** `transitTimes()`: delivery-time statistics of one route. Shares are text such as "49.11%". */
export interface TransitTime {
    /** Carrier code. */
    carrier_code: string;
    /** Origin country code. */
    original: string;
    /** Destination country code. */
    destination: string;
    /** Samples. */
    total: number;
    /** Delivered samples. */
    delivered: number;
    /** Share delivered within 0–7 days. */
    range1?: string;
    /** Another bucket the reference does not name (perhaps 7 days exactly). */
    range2?: string;
    /** Share delivered in 7–15 days. */
    range3?: string;
    /** 16–30 days. */
    range4?: string;
    /** 31–60 days. */
    range5?: string;
    /** Over 60 days. */
    range6?: string;
}
/** One event of an air waybill. */
export interface AirCargoEvent {
    /** Planned time. */
    plan_date: string;
    /** Actual time. */
    actual_date: string;
    /** IATA status code, e.g. "DEP". */
    event: string;
    /** Airport. */
    station: string;
    /** Flight, or "". */
    flight_number: string;
    /** Pieces. */
    piece: number;
    /** In words. */
    description: string;
}
/** `airCargo()`: one air waybill. Only part of this shape is in the reference; other fields are kept at run time. */
export interface AirCargo {
    /** The air waybill number, e.g. "172-28891936". */
    track_number: string;
    /** Airline name. */
    airline?: string;
    /** Weight, as text. */
    weight: string;
    /** Pieces. */
    piece: number;
    /** Origin airport. */
    origin: string;
    /** Destination airport. */
    destination: string;
    /** Status as a number. */
    status_number: number;
    /** Status in words. */
    status?: string;
    /** The current flight. */
    flight_info?: { flight_number: string; depart_time: string; arrive_time: string };
    /** The events. */
    track_info: AirCargoEvent[];
}
/** The nine v4 statuses (`delivery_status`); unknown ones may come and are kept. */
export type TrackingStatusV4 = "pending" | "notfound" | "inforeceived" | "transit" | "pickup" | "undelivered" | "delivered" | "exception" | "expired";
/** A courier (v4 `couriers()`, `detectCourier()`). */
export interface Courier {
    /** Display name, e.g. "DHL". */
    courier_name: string;
    /** The code to use everywhere else, e.g. "dhl". */
    courier_code: string;
    /** Home country, when it has one. */
    courier_country_iso2: string | null;
    /** The courier's site. */
    courier_url: string;
    /** Customer-service phone. */
    courier_phone: string;
    /** "express", "globalpost", … */
    courier_type: string;
    /** Extra create fields this courier needs (names such as "tracking_postal_code"). */
    tracking_required_fields: string[] | Record<string, unknown> | null;
    /** Extra create fields it accepts. */
    optional_fields: string[] | Record<string, unknown> | null;
    /** Default answer language. */
    default_language: string;
    /** Languages it answers in. */
    support_language: string[];
    /** Logo URL (protocol-relative). */
    courier_logo: string;
}
/** One scan of a parcel (v4 `trackinfo[]`, newest first). */
export interface CheckpointV4 {
    /** Courier-local time, ISO-8601 without offset ("2023-09-15T15:00:00"). */
    checkpoint_date: string;
    /** The status this scan stands for. */
    checkpoint_delivery_status: TrackingStatusV4;
    /** Its substatus, e.g. "transit002". */
    checkpoint_delivery_substatus: string | null;
    /** What happened. */
    tracking_detail: string;
    /** Where. */
    location: string;
    /** Country of the scan (ISO2). */
    country_iso2: string | null;
    /** State. */
    state: string | null;
    /** City. */
    city: string | null;
    /** Postcode. */
    zip: string | null;
    /** The courier's own status code. */
    raw_status: string | null;
}
/** When a shipment reached each milestone (ISO-8601 without offset, or null). */
export interface MilestoneDates {
    inforeceived_date: string | null;
    pickup_date: string | null;
    outfordelivery_date: string | null;
    delivery_date: string | null;
    returning_date: string | null;
    returned_date: string | null;
}
/** One courier's leg of a v4 shipment (`origin_info`, `destination_info`). */
export interface CourierInfoV4 {
    /** This leg's courier, or null on a leg no courier has taken yet. */
    courier_code: string | null;
    /** The courier's phone. */
    courier_phone: string | null;
    /** The courier's tracking page. */
    weblink: string | null;
    /** The courier's own reference. */
    reference_number: string | null;
    /** Milestones. */
    milestone_date: MilestoneDates;
    /** When the courier picked it up. */
    pickup_date: string | null;
    /** When it left the airport. */
    departed_airport_date: string | null;
    /** When it arrived abroad. */
    arrived_abroad_date: string | null;
    /** When customs received it. */
    customs_received_date: string | null;
    /** When it reached the destination (destination leg). */
    arrived_destination_date?: string | null;
    /** The scans, newest first. */
    trackinfo: CheckpointV4[];
}
/** A v4 tracking with its results. */
export interface TrackingV4 {
    /** TrackingMore's id (32 lowercase hex): the key of update, delete and retrack. */
    id: string;
    tracking_number: string;
    courier_code: string;
    order_number: string | null;
    order_id: string | null;
    order_date: string | null;
    /** ISO-8601 with offset. */
    created_at: string;
    /** ISO-8601 with offset (the API spells it `update_at`). */
    update_at: string;
    delivery_status: TrackingStatusV4;
    /** e.g. "notfound002", "delivered001". */
    substatus: string | null;
    /** "tracking" (not archived) or "archived". */
    archived: string;
    /** Whether TrackingMore still refreshes it. */
    updating: boolean;
    /** "API" or "WEB". */
    source?: string;
    destination_country: string | null;
    origin_country: string | null;
    destination_state: string | null;
    destination_city: string | null;
    origin_state: string | null;
    origin_city: string | null;
    tracking_postal_code: string | null;
    tracking_ship_date: string | null;
    tracking_destination_country: string | null;
    tracking_origin_country: string | null;
    tracking_key: string | null;
    tracking_courier_account: string | null;
    customer_name: string | null;
    customer_email: string | null;
    customer_sms: string | null;
    recipient_postcode: string | null;
    title: string | null;
    logistics_channel: string | null;
    note: string | null;
    label: string | null;
    signed_by: string | null;
    service_code: string | null;
    weight: string | null;
    weight_kg: string | null;
    product_type: string | null;
    /** A number in some answers, text in others. */
    pieces: number | string | null;
    dimension: string | null;
    previously: string | null;
    destination_track_number: string | null;
    exchange_number: string | null;
    scheduled_delivery_date: string | null;
    scheduled_address: string | null;
    status_info: string | null;
    /** "<detail>, <location>, YYYY-MM-DD HH:mm:ss". */
    latest_event: string | null;
    /** ISO-8601 without offset. */
    latest_checkpoint_time: string | null;
    /** Days in transit; 0 when unknown. */
    transit_time: number;
    origin_info: CourierInfoV4;
    destination_info: CourierInfoV4;
}
/** A created item of v4 `createTrackings()`. */
export interface BatchItemV4 {
    id: string;
    tracking_number: string;
    courier_code: string;
}
/** An input of v4 `createTrackings()` that was not created, and why. */
export interface BatchItemErrorV4 {
    tracking_number: string;
    courier_code: string;
    /** A `TrackingMoreError` code. */
    code: ErrorCode;
    /** The API's code, when the API said it. */
    metaCode?: number;
    message: string;
}
/** The result of v4 `createTrackings()`: every input exactly once, in `trackings` or `errors`. */
export interface BatchResultV4 {
    /** How many inputs were given. */
    submitted: number;
    /** How many are in `trackings`. */
    added: number;
    trackings: BatchItemV4[];
    errors: BatchItemErrorV4[];
}
/** What v4 `updateTracking()` answers: the editable fields after the edit. */
export interface UpdatedTrackingV4 {
    id: string;
    tracking_number: string;
    courier_code: string;
    courier_code_new: string | null;
    order_number: string | null;
    order_date: string | null;
    order_id: string | null;
    destination_country: string | null;
    origin_country: string | null;
    tracking_postal_code: string | null;
    tracking_ship_date: string | null;
    tracking_courier_account: string | null;
    tracking_destination_country: string | null;
    tracking_origin_country: string | null;
    tracking_key: string | null;
    customer_name: string | null;
    customer_email: string | null;
    customer_sms: string | null;
    recipient_postcode: string | null;
    title: string | null;
    logistics_channel: string | null;
    note: string | null;
    label: string | null;
    archived_status: string | null;
}
/** What v4 `deleteTracking()` answers: at least the id (only the id when a retried delete found it already gone). */
export interface DeletedTrackingV4 {
    id: string;
    tracking_number?: string;
    courier_code?: string;
}
/** A flight of an air waybill. */
export interface FlightV4 {
    depart_station: string;
    arrival_station: string;
    plan_depart_time: string;
    depart_time: string;
    plan_arrival_time: string;
    arrival_time: string;
}
/** An air waybill (`airWaybill()`). */
export interface AirWaybill {
    awb_number: string;
    awb_status: string;
    awb_substatus: string;
    /** A number in some answers, text in others. */
    status_number: number | string;
    weight: string;
    piece: string;
    origin: string;
    destination: string;
    flight_way_station: string[];
    last_event: string;
    flight_info_new: (FlightV4 & { flight_number: string; piece: string; weight: string; status: string })[];
    /** Flights by flight number, e.g. "TK0721". */
    flight_info: Record<string, FlightV4>;
    track_info: { plan_date: string; actual_date: string; event: string; station: string; flight_number: string; status: string; piece: string; weight: string; checkpoint_status: string; checkpoint_substatus: string }[];
    airline_info: { name: string; url: string; track_url: string; trackpage_url: string };
}


/** The TrackingMore v2 client. Every method checks its input before any request and rejects with `TrackingMoreError`. */
export declare class TrackingMore {
    /** Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options. */
    constructor(options: TrackingMoreOptions);
    /** `GET /carriers`: every courier. */
    carriers(opts?: LangOptions): Promise<Carrier[]>;
    /** `POST /carriers/detect`: couriers whose numbers look like this one. */
    detectCarrier(trackingNumber: string, opts?: CallOptions): Promise<CarrierMatch[]>;
    /** `POST /trackings/post`: creates one tracking. */
    createTracking(input: NewTracking, opts?: CallOptions): Promise<Tracking>;
    /** `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results. */
    getTracking(carrierCode: string, trackingNumber: string, opts?: LangOptions): Promise<Tracking>;
    /** `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8). */
    updateTracking(carrierCode: string, trackingNumber: string, fields: TrackingUpdate, opts?: CallOptions): Promise<Tracking>;
    /** `DELETE /trackings/{carrier}/{number}`. */
    deleteTracking(carrierCode: string, trackingNumber: string, opts?: CallOptions): Promise<void>;
    /** `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`. */
    realtimeTracking(input: RealtimeQuery, opts?: CallOptions): Promise<Tracking>;
    /** `POST /trackings/update`: moves a tracking to another carrier code. */
    changeCarrier(carrierCode: string, trackingNumber: string, newCarrierCode: string, opts?: CallOptions): Promise<void>;
    /** `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`. */
    createTrackings(inputs: NewTracking[], opts?: BatchOptions): Promise<BatchResult>;
    /** `GET /trackings/get`: one page (`total` as a number). */
    listTrackings(query?: ListQuery, opts?: CallOptions): Promise<TrackingPage>;
    /** `POST /trackings/updatemore`, chunked. */
    updateTrackings(items: TrackingUpdateItem[], opts?: CallOptions): Promise<ManyResult>;
    /** `POST /trackings/delete`, chunked. */
    deleteTrackings(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>;
    /** `POST /trackings/notupdate`, chunked: stops auto-refresh. */
    stopUpdating(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>;
    /** `GET /trackings/getuserinfo`. */
    userInfo(opts?: CallOptions): Promise<UserInfo>;
    /** `GET /trackings/getstatusnumber`: trackings per status. */
    statusCounts(query?: StatusCountsQuery, opts?: CallOptions): Promise<StatusCounts>;
    /** `POST /trackings/remote`: are these destinations remote areas? */
    checkRemote(queries: RemoteQuery[], opts?: CallOptions): Promise<RemoteResult>;
    /** `POST /trackings/costtime`: transit-time statistics, one per route asked. */
    transitTimes(queries: TransitQuery[], opts?: CallOptions): Promise<TransitTime[]>;
    /** `POST /trackings/aircargo`: air waybills. */
    airCargo(awbNumbers: string[], opts?: LangOptions): Promise<AirCargo[]>;
    /** Every tracking matching `query`, page after page, as an async iterable. Throws for a bad query. */
    allTrackings(query?: ListQuery, opts?: CallOptions): AsyncIterable<Tracking>;
    /** Releases the wasm memory of this client now (it is also released when garbage-collected). */
    free(): void;
    [Symbol.dispose](): void;
}
/** The TrackingMore v4 client. Every method checks its input before any request and rejects with `TrackingMoreError`. */
export declare class TrackingMoreV4 {
    /** Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options. */
    constructor(options: TrackingMoreV4Options);
    /** `GET /couriers/all`: every courier. */
    couriers(opts?: CallOptions): Promise<Courier[]>;
    /** `POST /couriers/detect`: the couriers a number may belong to, the most likely first. */
    detectCourier(trackingNumber: string, opts?: CallOptions): Promise<Courier[]>;
    /** `POST /trackings/create` (its own 3 req/s lane): creates one tracking and fetches its results. */
    createTracking(input: NewTrackingV4, opts?: CallOptions): Promise<TrackingV4>;
    /** `GET /trackings/get?tracking_numbers=N&courier_code=C`: the tracking of that number and courier. */
    getTracking(courierCode: string, trackingNumber: string, opts?: LangOptions): Promise<TrackingV4>;
    /** `GET /trackings/get`: one page of trackings. */
    listTrackings(query?: ListQueryV4, opts?: CallOptions): Promise<TrackingV4[]>;
    /** `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`. */
    createTrackings(inputs: NewTrackingV4[], opts?: BatchOptions): Promise<BatchResultV4>;
    /** `PUT /trackings/update/{id}`: edits a tracking (`courier_code_new` moves it to another courier). */
    updateTracking(id: string, fields: TrackingUpdateV4, opts?: CallOptions): Promise<UpdatedTrackingV4>;
    /** `DELETE /trackings/delete/{id}`: the API's `data`, or `{ id }` when a retried delete found it gone. */
    deleteTracking(id: string, opts?: CallOptions): Promise<DeletedTrackingV4>;
    /** `POST /trackings/retrack/{id}`: restarts an expired tracking. */
    retrack(id: string, opts?: CallOptions): Promise<TrackingV4>;
    /** `POST /awb`: an air waybill. */
    airWaybill(awbNumber: string, opts?: CallOptions): Promise<AirWaybill>;
    /** Every tracking matching `query`, page after page, as an async iterable. Throws for a bad query. */
    allTrackings(query?: ListQueryV4, opts?: CallOptions): AsyncIterable<TrackingV4>;
    /** Releases the wasm memory of this client now (it is also released when garbage-collected). */
    free(): void;
    [Symbol.dispose](): void;
}


/** The eight v2 statuses. */
export type TrackingStatus = "pending" | "notfound" | "transit" | "pickup" | "delivered" | "undelivered" | "exception" | "expired";
/** `TrackingMoreError.code`. */
export type ErrorCode = "INVALID_INPUT" | "UNAUTHORIZED" | "TRACKING_EXISTS" | "TRACKING_NOT_FOUND" | "CARRIER_NOT_DETECTED" | "QUOTA_EXCEEDED" | "BAD_REQUEST" | "RATE_LIMITED" | "SERVER_ERROR" | "TIMEOUT" | "ABORTED" | "NETWORK" | "DECODE" | "INVALID_WEBHOOK";
/** Options of `new TrackingMore(...)`: an `apiKey`, or a `baseUrl` (proxy mode), or both. */
export type TrackingMoreOptions = ClientOptions & (
| {
    /** The account's API key. */
    apiKey: string;
    /** Default "https://api.trackingmore.com/v2". */
    baseUrl?: string;
}
| {
    /** Proxy mode: no key is sent (your proxy, e.g. the Worker, adds it). */
    apiKey?: undefined;
    /** Your proxy's v2 base: an http(s) URL, or in a page a path on its origin ("/v2"). */
    baseUrl: string;
}
);
/** Options of `verifyWebhook` and `parseWebhook`. */
export interface WebhookOptions {
    /** Also reject a `timeStr` (unix seconds) further than this from now, either way: v2 signs only `timeStr`, so this is the only bound on a replayed body. */
    maxAgeSeconds?: number;
}
/** A wait the client is about to make (`onWait`). */
export interface WaitInfo {
    /** `pacing`: for a slot of the client's own spacing; `retry`: backing off after a failure; `rate_limited`: the lane is held after a 429. */
    reason: "pacing" | "retry" | "rate_limited";
    /** Milliseconds. */
    ms: number;
    /** The attempt it waits to make (1 = the first). */
    attempt: number;
    /** The error code behind a retry or a hold. */
    code?: ErrorCode;
}
/** Options every method takes last. */
export interface CallOptions { signal?: AbortSignal; }
/** Options with a language. */
export interface LangOptions extends CallOptions { lang?: string; }
/** Progress of a many-item call, after each chunk. */
export interface BatchProgress { done: number; total: number; added: number; failed: number; }
/** Options of `createTrackings`. */
export interface BatchOptions extends CallOptions {
    onProgress?: (progress: BatchProgress) => void;
    /** Chunks in flight at once (default 2; the pacing still applies). */
    concurrency?: number;
}
/**
 * Verifies a v2 webhook: `verifyInfo.signature` (top level or inside `data`) against hex
 * HMAC-SHA256 of `verifyInfo.timeStr` keyed by the account e-mail, in constant time. Malformed
 * bodies give `false`; with `{ maxAgeSeconds }`, so does a `timeStr` further than that from now
 * (v2 signs only `timeStr`: freshness is the only bound on a replayed body).
 */
export declare function verifyWebhook(body: string | object, accountEmail: string, opts?: WebhookOptions): Promise<boolean>;
/**
 * Verifies a v2 webhook like `verifyWebhook` and resolves with its tracking (`data`), normalised
 * exactly like API answers; rejects with `TrackingMoreError` `INVALID_WEBHOOK` (bad or stale
 * signature, malformed body).
 */
export declare function parseWebhook(body: string | object, accountEmail: string, opts?: WebhookOptions): Promise<Tracking>;
/** Options of `new TrackingMoreV4(...)`: an `apiKey`, or a `baseUrl` (proxy mode), or both. */
export type TrackingMoreV4Options = ClientOptions & (
| {
    /** The account's API key (sent as `Tracking-Api-Key`). */
    apiKey: string;
    /** Default "https://api.trackingmore.com/v4". */
    baseUrl?: string;
}
| {
    /** Proxy mode: no key is sent (your proxy, e.g. the Worker, adds it). */
    apiKey?: undefined;
    /** Your proxy's v4 base: an http(s) URL, or in a page a path on its origin ("/v4"). */
    baseUrl: string;
}
);
/** A v4 webhook as received: a `Request`, or its raw body and headers. */
export type WebhookV4Request = Request | { body: string; headers: Headers | Record<string, string> };
/** Options of `verifyWebhookV4` and `parseWebhookV4`. */
export interface WebhookV4Options {
    /** Reject a `timestamp` header further than this from now, either way (default 600; `Infinity` turns it off): a signature over the timestamp alone does not authenticate the body. */
    maxAgeSeconds?: number;
}
/**
 * Verifies a v4 webhook: the `signature` header (or `X-TrackingMore-Signature`), hex or base64
 * HMAC-SHA256 keyed by the webhook secret, over the `timestamp` header or over the raw body,
 * compared in constant time; the timestamp no older than `maxAgeSeconds`. Malformed requests give
 * `false`.
 */
export declare function verifyWebhookV4(request: WebhookV4Request, secret: string, opts?: WebhookV4Options): Promise<boolean>;
/**
 * Verifies a v4 webhook like `verifyWebhookV4` and resolves with its tracking (`data`); rejects
 * with `TrackingMoreError` `INVALID_WEBHOOK` (bad or stale signature, not a v4 webhook body).
 */
export declare function parseWebhookV4(request: WebhookV4Request, secret: string, opts?: WebhookV4Options): Promise<TrackingV4>;


/** The options of `new TrackingMore(...)` and `new TrackingMoreV4(...)` besides `apiKey` and `baseUrl`. */
export interface ClientOptions {
    /** Per attempt; default 10000. */
    timeoutMs?: number;
    /** Retries after the first attempt (0-10); default 2. */
    maxRetries?: number;
    /** First backoff delay; default 500 (then doubled per retry, capped at 30 s, jittered). */
    retryBaseDelayMs?: number;
    /** Wait after a 429 without Retry-After; default 120000. */
    rateLimitCooldownMs?: number;
    /** Client-side pacing: in v2 of all calls but realtime (default 1), in v4 of each endpoint but create, each on its own (default 10); 0 = off. */
    requestsPerSecond?: number;
    /** v2: pacing of realtimeTracking; default 3; 0 = off. */
    realtimeRequestsPerSecond?: number;
    /** v4: pacing of createTracking; default 3; 0 = off. */
    createRequestsPerSecond?: number;
    /** Longest single wait a call accepts; a longer one rejects at once with the error that caused it (`RATE_LIMITED` for a hold or the client's own pacing) and `retryAfterMs` set. Default: no limit (in Cloudflare Workers: 10000). */
    maxWaitMs?: number;
    /** A fetch to use instead of the global one (a service binding, a proxy). */
    fetch?: typeof fetch;
    /** Extra headers on every request (not the key). */
    headers?: Record<string, string>;
    /** Told before every wait the client makes (pacing, backoff, a 429 hold): no wait is silent. A throwing hook never breaks the call. */
    onWait?: (wait: WaitInfo) => void;
}



