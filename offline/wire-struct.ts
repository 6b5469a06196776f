import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { specialResourceSig, specialSigKey, WireObject, WireValue } from "./model";

/**
 * Wire-format property bags as the `google.protobuf.Struct` the engine sends a policy pack.
 *
 * Built in jspb's array form, which generated message constructors take ("optional initial data
 * array, ... or constructed directly in JavaScript"): a message is an array whose index N-1 holds
 * field N. `Struct.fromJavaScript` builds a wrapper object per value and re-syncs every subtree into
 * its parent, which made it most of the offline check's own CPU; this builds the same message, and
 * a test checks the serialized bytes equal `fromJavaScript`'s on every fixture.
 *
 * Resource references become the referenced resource's ID (custom resources) or URN (components)
 * on the way: analyzers do not accept references, and Pulumi's Go marshaller sends them so without
 * KeepResources.
 */

/** Field numbers of google/protobuf/struct.proto (protocolbuffers/protobuf, stable since proto3's first release). */
const STRUCT_PROTO = {
    /** Struct: `map<string, Value> fields = 1`; ListValue: `repeated Value values = 1`. */
    fields: 1,
    values: 1,
    /** Value's `oneof kind`. */
    nullValue: 1,
    numberValue: 2,
    stringValue: 3,
    boolValue: 4,
    structValue: 5,
    listValue: 6,
} as const;

type JspbArray = unknown[];

function message(field: number, value: unknown): JspbArray {
    const array: JspbArray = [];
    array[field - 1] = value;
    return array;
}

function valueArray(value: WireValue): JspbArray {
    switch (typeof value) {
        case "number":
            return message(STRUCT_PROTO.numberValue, value);
        case "string":
            return message(STRUCT_PROTO.stringValue, value);
        case "boolean":
            return message(STRUCT_PROTO.boolValue, value);
    }
    if (value === null) {
        return message(STRUCT_PROTO.nullValue, 0); // NullValue.NULL_VALUE
    }
    if (Array.isArray(value)) {
        return message(STRUCT_PROTO.listValue, message(STRUCT_PROTO.values, value.map(valueArray)));
    }
    if (typeof value === "object") {
        if (value[specialSigKey] === specialResourceSig) {
            return valueArray(typeof value.id === "string" && value.id !== "" ? value.id : (value.urn as string));
        }
        return message(STRUCT_PROTO.structValue, structArray(value));
    }
    throw new Error(`unexpected ${typeof value} in a property bag`);
}

function structArray(object: WireObject): JspbArray {
    return message(
        STRUCT_PROTO.fields,
        Object.keys(object).map((key) => [key, valueArray(object[key])]),
    );
}

/** The generated constructor's `opt_data` parameter, which the type declarations leave out. */
const StructFromArray = Struct as unknown as new (data: JspbArray) => Struct;

export function wireStruct(object: WireObject): Struct {
    return new StructFromArray(structArray(object));
}
