#!/usr/bin/env python3
"""Derives expected.json from cases.json: the point HA's InfluxDB integration writes for each state.

The rules are re-stated from homeassistant/components/influxdb/__init__.py (_generate_event_to_json,
HA 2025.x), homeassistant/helpers/entity_values.py (EntityValues.get),
homeassistant/helpers/entityfilter.py (_generate_filter_from_sets_and_pattern_lists),
homeassistant/helpers/state.py (state_as_number) and homeassistant/components/influxdb/const.py
(RE_DIGIT_TAIL, RE_DECIMAL). Python's own float(), str() and re do the coercions, so quirks such as
str() of lists, bool -> 1.0, underscores and Unicode digits in float(), and the digit-tail rule come
out exactly as in HA. Attribute values are what json.loads makes of the WebSocket JSON.

Two deliberate extensions of the pipeline are applied only where a case says so in "config":
keep_unavailable (write unknown/unavailable/"" as a state field) and, always, a state that float()
parses to NaN/inf is written as "state" instead of a non-finite "value" (InfluxDB would refuse it).

Run: python3 derive_expected.py  (rewrites expected.json next to it)
"""
import fnmatch
import json
import math
import os
import re

RE_DIGIT_TAIL = re.compile(r"^[^\.]*\d+\.?\d+[^\.]*$")
RE_DECIMAL = re.compile(r"[^\d.]+")
ONE = ("on", "locked", "above_horizon", "open", "home")
ZERO = ("off", "unlocked", "unknown", "below_horizon", "closed", "not_home")


def state_as_number(text):
    if text in ONE:
        return 1
    if text in ZERO:
        return 0
    return float(text)


def compile_globs(globs):
    if not globs:
        return None
    return re.compile("|".join(fnmatch.translate(g) for g in globs))


def matches(pattern, entity_id):
    return pattern is not None and pattern.match(entity_id) is not None


def entity_filter(conf):
    include = conf.get("include") or {}
    exclude = conf.get("exclude") or {}
    inc_d, inc_e = set(include.get("domains", [])), set(include.get("entities", []))
    exc_d, exc_e = set(exclude.get("domains", [])), set(exclude.get("entities", []))
    inc_g = compile_globs(include.get("entity_globs", []))
    exc_g = compile_globs(exclude.get("entity_globs", []))
    have_include = bool(inc_d or inc_e or inc_g)
    have_exclude = bool(exc_d or exc_e or exc_g)

    def domain(entity_id):
        return entity_id.split(".", 1)[0]

    if not have_include and not have_exclude:
        return lambda e: True
    if have_include and not have_exclude:
        return lambda e: e in inc_e or domain(e) in inc_d or matches(inc_g, e)
    if not have_include:
        return lambda e: not (e in exc_e or domain(e) in exc_d or matches(exc_g, e))
    if inc_d or inc_g:
        return lambda e: e in inc_e or (
            e not in exc_e
            and (matches(inc_g, e) or (domain(e) in inc_d and not matches(exc_g, e))))
    if exc_d or exc_g:
        def case5(e):
            if domain(e) in exc_d or matches(exc_g, e):
                return e in inc_e
            return e not in exc_e
        return case5
    return lambda e: e in inc_e


def entity_config(schema, entity_id):
    result = {}
    domain = entity_id.split(".", 1)[0]
    result.update((schema.get("component_config_domain") or {}).get(domain, {}))
    for glob, values in (schema.get("component_config_glob") or {}).items():
        if re.compile(fnmatch.translate(glob)).match(entity_id):
            result.update(values)
    result.update((schema.get("component_config") or {}).get(entity_id, {}))
    return result


def to_point(config, state):
    schema = config.get("schema") or {}
    keep = schema.get("keep_unavailable", False)
    text = state["state"]
    placeholder = text in ("unknown", "", "unavailable", None)
    if placeholder and not keep:
        return None
    if not entity_filter(config.get("filter") or {})(state["entity_id"]):
        return None
    entity_id = state["entity_id"]
    domain, object_id = entity_id.split(".", 1)
    attributes = state.get("attributes") or {}

    include_state = include_value = False
    value = None
    if placeholder:
        include_state = True  # the keep_unavailable extension: the state text only
    else:
        try:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError  # the pipeline's deviation, see the docstring
            include_value = True
        except ValueError:
            try:
                # state_as_number; "unknown" only reaches here as a placeholder
                value = float(state_as_number(text))
                if not math.isfinite(value):
                    raise ValueError
                include_state = include_value = True
            except ValueError:
                include_state = True
                value = None

    include_uom = include_dc = True
    measurement_attr = schema.get("measurement_attr", "unit_of_measurement")
    econf = entity_config(schema, entity_id)
    measurement = econf.get("override_measurement")
    if measurement in (None, ""):
        if schema.get("override_measurement"):
            measurement = schema["override_measurement"]
        else:
            if measurement_attr == "entity_id":
                measurement = entity_id
            elif measurement_attr == "domain__device_class":
                device_class = attributes.get("device_class")
                if device_class is None:
                    measurement = domain
                else:
                    measurement = f"{domain}__{device_class}"
                    include_dc = False
            else:
                measurement = attributes.get(measurement_attr)
            if measurement in (None, ""):
                measurement = schema.get("default_measurement") or entity_id
            else:
                include_uom = measurement_attr != "unit_of_measurement"

    tags = {"domain": domain, "entity_id": object_id}
    fields = {}
    if include_state:
        fields["state"] = text
    if include_value:
        fields["value"] = value

    ignore = set(econf.get("ignore_attributes", []))
    ignore.update(schema.get("ignore_attributes", []))
    tags_attributes = schema.get("tags_attributes", [])
    for key, val in attributes.items():
        if key in tags_attributes:
            tags[key] = val
        elif ((key != "unit_of_measurement" or include_uom)
              and (key != "device_class" or include_dc)
              and key not in ignore):
            if key in fields:
                key = f"{key}_"
            try:
                fields[key] = float(val)
            except (ValueError, TypeError):
                new_value = str(val)
                fields[f"{key}_str"] = new_value
                if RE_DIGIT_TAIL.match(new_value):
                    fields[key] = float(RE_DECIMAL.sub("", new_value))
            try:
                if not math.isfinite(fields[key]):
                    del fields[key]
            except (KeyError, TypeError):
                pass
    tags.update(schema.get("tags", {}))
    # The line protocol clients write a tag value with str() and leave out None/empty ones.
    tags = {k: str(v) for k, v in tags.items() if v is not None and str(v) != ""}
    return {
        "measurement": str(measurement),
        "tags": tags,
        "fields": {k: ({"f": v} if isinstance(v, float) else {"s": v}) for k, v in fields.items()},
        "time": state["last_updated"],
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    expected = {}
    for case in cases:
        expected[case["name"]] = to_point(case.get("config") or {}, case["state"])
    with open(os.path.join(here, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
