//! The endpoints of the JS API: each checks its arguments and builds its request(s) and `Task`.

use super::*;

impl Engine {
    /// The three chunked many-item calls: one chunk at a time.
    pub(super) fn many(
        &self,
        ep: Endpoint,
        items: JsValue,
        opts: JsValue,
        check_update: bool,
    ) -> Promise {
        let prepared = batch(ep, &items, "items", check_update, None).and_then(|(b, reqs)| {
            let signal = signal_of(&opts)?;
            Ok(Task::new(&self.core, reqs, signal, Finish::Many(b)))
        });
        match prepared {
            Ok(task) => task.run(1),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// Runs a simple call: `req` was built and checked synchronously; `shape` shapes the answer.
    pub(super) fn exec(
        &self,
        ep: Endpoint,
        req: Result<HttpRequest, Error>,
        shape: Shape,
        opts: &JsValue,
    ) -> Promise {
        self.exec_unit(req.map(|r| Unit::new(ep, r)), shape, opts)
    }

    /// Runs a call of one prepared unit (a request with its retry rules).
    pub(super) fn exec_unit(
        &self,
        unit: Result<Unit, Error>,
        shape: Shape,
        opts: &JsValue,
    ) -> Promise {
        match unit.and_then(|u| Ok((u, signal_of(opts)?))) {
            Ok((unit, signal)) => {
                Task::new(&self.core, vec![unit], signal, Finish::One(shape)).run(1)
            }
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `GET /carriers`: every courier.
    pub(super) fn carriers(&self, opts: JsValue) -> Promise {
        let req = lang_of(&opts).map(|lang| {
            let mut r = HttpRequest::new(Method::Get, "/carriers".into());
            r.lang_header = lang;
            r
        });
        self.exec(Endpoint::Carriers, req, Shape::Data, &opts)
    }

    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    pub(super) fn detect_carrier(&self, tracking_number: JsValue, opts: JsValue) -> Promise {
        let req = string_arg(&tracking_number, "trackingNumber").and_then(|n| {
            validate::tracking_number(&n)?;
            let body = Object::new();
            set(&body, "tracking_number", &JsValue::from_str(&n));
            Ok(post(Endpoint::DetectCarrier, stringify(&body)?))
        });
        self.exec(Endpoint::DetectCarrier, req, Shape::Data, &opts)
    }

    /// `POST /trackings/post`: creates one tracking.
    /// Safe to retry: a retry answering 4016 after an attempt that may have created the
    /// tracking resolves with it (one GET) instead of failing.
    pub(super) fn create_tracking(&self, input: JsValue, opts: JsValue) -> Promise {
        let unit = object_item(&input).and_then(|_| {
            let mut unit = Unit::new(
                Endpoint::CreateTracking,
                post(Endpoint::CreateTracking, stringify(&input)?),
            );
            let (n, c) = key_of(&input);
            unit.then_get = Some(HttpRequest::new(
                Method::Get,
                encode::tracking_path(&c, &n, None),
            ));
            Ok(unit)
        });
        self.exec_unit(unit, Shape::Tracking, &opts)
    }

    /// `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results.
    pub(super) fn get_tracking(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        opts: JsValue,
    ) -> Promise {
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            Ok(HttpRequest::new(
                Method::Get,
                encode::tracking_path(&c, &n, lang_of(&opts)?.as_deref()),
            ))
        });
        self.exec(Endpoint::GetTracking, req, Shape::Tracking, &opts)
    }

    /// `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8).
    pub(super) fn update_tracking(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        fields: JsValue,
        opts: JsValue,
    ) -> Promise {
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            object_arg(&fields, "fields")?;
            validate::update_fields(&fields, "fields")?;
            Ok(
                HttpRequest::new(Method::Put, encode::tracking_path(&c, &n, None))
                    .with_body(stringify(&fields)?),
            )
        });
        self.exec(Endpoint::UpdateTracking, req, Shape::Tracking, &opts)
    }

    /// `DELETE /trackings/{carrier}/{number}`. Safe to retry: a retry answering 4017 after an
    /// attempt that may have deleted it resolves.
    pub(super) fn delete_tracking(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        opts: JsValue,
    ) -> Promise {
        let unit = tracking_args(&carrier_code, &tracking_number).map(|(c, n)| {
            let req = HttpRequest::new(Method::Delete, encode::tracking_path(&c, &n, None));
            let mut unit = Unit::new(Endpoint::DeleteTracking, req);
            unit.gone_is_done = true;
            unit
        });
        self.exec_unit(unit, Shape::Undefined, &opts)
    }

    /// `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`.
    pub(super) fn realtime_tracking(&self, input: JsValue, opts: JsValue) -> Promise {
        let req = object_item(&input)
            .and_then(|_| Ok(post(Endpoint::RealtimeTracking, stringify(&input)?)));
        self.exec(Endpoint::RealtimeTracking, req, Shape::FirstItem, &opts)
    }

    /// `POST /trackings/update`: moves a tracking to another carrier code.
    pub(super) fn change_carrier(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        new_carrier_code: JsValue,
        opts: JsValue,
    ) -> Promise {
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            let nc = string_arg(&new_carrier_code, "newCarrierCode")?;
            validate::carrier_code(&nc)?;
            let body = Object::new();
            set(&body, "tracking_number", &JsValue::from_str(&n));
            set(&body, "carrier_code", &JsValue::from_str(&c));
            set(&body, "update_carrier_code", &JsValue::from_str(&nc));
            Ok(post(Endpoint::ChangeCarrier, stringify(&body)?))
        });
        self.exec(Endpoint::ChangeCarrier, req, Shape::Undefined, &opts)
    }

    /// `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`.
    pub(super) fn create_trackings(&self, inputs: JsValue, opts: JsValue) -> Promise {
        let ep = Endpoint::CreateTrackings;
        let prepared = (|| {
            let on_progress = match get(&opts, "onProgress") {
                v if v.is_undefined() || v.is_null() => None,
                v => Some(
                    v.dyn_into::<Function>()
                        .map_err(|_| Error::invalid("onProgress must be a function"))?,
                ),
            };
            let (b, reqs) = batch(ep, &inputs, "inputs", false, on_progress)?;
            let signal = signal_of(&opts)?;
            let concurrency = opt_number(&opts, "concurrency", 2.0)
                .map_err(|_| Error::invalid("concurrency must be a number >= 1"))?
                .max(1.0) as usize;
            Ok::<_, Error>((
                Task::new(&self.core, reqs, signal, Finish::Create(b)),
                concurrency,
            ))
        })();
        match prepared {
            Ok((task, concurrency)) => task.run(concurrency),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `GET /trackings/get`: one page (`total` as a number).
    pub(super) fn list_trackings(&self, query: JsValue, opts: JsValue) -> Promise {
        self.exec(
            Endpoint::ListTrackings,
            list_request(&query),
            Shape::Page,
            &opts,
        )
    }

    /// Every tracking matching `query`, page after page, as an async iterable.
    pub(super) fn all_trackings(&self, query: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
        let query = if query.is_undefined() || query.is_null() {
            Object::new().into()
        } else {
            query
        };
        object_arg(&query, "query")?;
        validate::list_query(&query)?;
        let page = query
            .text("page")
            .and_then(|p| u32::try_from(crate::error::parse_int(&p)?).ok())
            .unwrap_or(1);
        let limit = query
            .text("limit")
            .and_then(|p| u32::try_from(crate::error::parse_int(&p)?).ok())
            .unwrap_or(100);
        let signal = signal_of(&opts)?;
        let fetch = self.core.transport.fetch_fn();
        let js_signal = signal.clone().map_or(JsValue::UNDEFINED, JsValue::from);
        let pager = TrackingPager {
            core: self.core.clone(),
            query,
            signal,
            page,
            limit,
            done: false,
        };
        Ok(pages(pager, &fetch, &js_signal))
    }

    /// `POST /trackings/updatemore`, chunked.
    pub(super) fn update_trackings(&self, items: JsValue, opts: JsValue) -> Promise {
        self.many(Endpoint::UpdateTrackings, items, opts, true)
    }

    /// `POST /trackings/delete`, chunked.
    pub(super) fn delete_trackings(&self, refs: JsValue, opts: JsValue) -> Promise {
        self.many(Endpoint::DeleteTrackings, refs, opts, false)
    }

    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    pub(super) fn stop_updating(&self, refs: JsValue, opts: JsValue) -> Promise {
        self.many(Endpoint::StopUpdating, refs, opts, false)
    }

    /// `GET /trackings/getuserinfo`.
    pub(super) fn user_info(&self, opts: JsValue) -> Promise {
        self.exec(
            Endpoint::UserInfo,
            Ok(HttpRequest::new(
                Method::Get,
                "/trackings/getuserinfo".into(),
            )),
            Shape::UserInfo,
            &opts,
        )
    }

    /// `GET /trackings/getstatusnumber`: trackings per status.
    pub(super) fn status_counts(&self, query: JsValue, opts: JsValue) -> Promise {
        let req = optional_object(&query, "query").map(|_| {
            HttpRequest::new(
                Method::Get,
                encode::with_query("/trackings/getstatusnumber", &query_pairs(&query)),
            )
        });
        self.exec(Endpoint::StatusCounts, req, Shape::Counts, &opts)
    }

    /// `POST /trackings/remote`: are these destinations remote areas?
    pub(super) fn check_remote(&self, queries: JsValue, opts: JsValue) -> Promise {
        let req = array_arg(&queries, "queries").and_then(|a| {
            for q in a.iter() {
                if q.text("country").is_none() || q.text("postcode").is_none() {
                    return Err(Error::invalid("every query needs country and postcode"));
                }
            }
            Ok(post(Endpoint::CheckRemote, stringify(&a)?))
        });
        self.exec(Endpoint::CheckRemote, req, Shape::Remote, &opts)
    }

    /// `POST /trackings/costtime`: transit-time statistics, as returned.
    pub(super) fn transit_times(&self, queries: JsValue, opts: JsValue) -> Promise {
        let req = array_arg(&queries, "queries").and_then(|a| {
            for q in a.iter() {
                validate::carrier_code(&q.text("carrier_code").unwrap_or_default())?;
            }
            Ok(post(Endpoint::TransitTimes, stringify(&a)?))
        });
        self.exec(Endpoint::TransitTimes, req, Shape::Data, &opts)
    }

    /// `POST /trackings/aircargo`: air waybills, as returned.
    pub(super) fn air_cargo(&self, awb_numbers: JsValue, opts: JsValue) -> Promise {
        let req = array_arg(&awb_numbers, "awbNumbers").and_then(|a| {
            for n in a.iter() {
                validate::tracking_number(&string_arg(&n, "each air waybill number")?)?;
            }
            let body = Object::new();
            set(&body, "track_number", &a);
            set(
                &body,
                "lang",
                &JsValue::from_str(lang_of(&opts)?.as_deref().unwrap_or("en")),
            );
            Ok(post(Endpoint::AirCargo, stringify(&body)?))
        });
        self.exec(Endpoint::AirCargo, req, Shape::Data, &opts)
    }
}

/// The request of `listTrackings` after checking the query.
pub(super) fn list_request(query: &JsValue) -> Result<HttpRequest, Error> {
    optional_object(query, "query")?;
    validate::list_query(query)?;
    Ok(HttpRequest::new(
        Method::Get,
        encode::with_query("/trackings/get", &query_pairs(query)),
    ))
}
