//! `fieldValidationMode` STRICT and PRESENT: the response shapes of the integrations whose
//! mocked results are checked, one table, in the member names Step Functions returns
//! (PascalCase). Fields outside a shape are accepted, as AWS accepts them (forward
//! compatibility, measured); STRICT also requires the shape's required members.
//!
//! The shapes follow the services' API references (output members, their types, enums and
//! which are required); an integration not in [`SHAPES`] is not checked.

use serde_json::Value;

use super::request::FieldValidationMode;

/// The type of one member.
#[derive(Debug)]
pub enum Shape {
    /// A string.
    Str,
    /// A string from a fixed set.
    Enum(&'static [&'static str]),
    /// A number (integer, long, float or double).
    Num,
    /// An integer or long: a number without a fraction.
    Int,
    /// A boolean.
    Bool,
    /// A timestamp, which Step Functions returns as a string.
    Timestamp,
    /// Binary data, returned as a string.
    Blob,
    /// Any JSON (a Lambda `Payload`).
    Any,
    /// An array of one shape.
    List(&'static Shape),
    /// An object whose values are all of one shape.
    Map(&'static Shape),
    /// An object with named members: (name, required, shape).
    Struct(&'static [(&'static str, bool, Shape)]),
    /// A DynamoDB `AttributeValue` (recursive: `M` and `L` hold more of them).
    AttributeValue,
}

use Shape::*;

const ATTRIBUTE_MAP: Shape = Map(&AttributeValue);

const CAPACITY: Shape = Struct(&[
    ("ReadCapacityUnits", false, Num),
    ("WriteCapacityUnits", false, Num),
    ("CapacityUnits", false, Num),
]);

const CONSUMED_CAPACITY: Shape = Struct(&[
    ("TableName", false, Str),
    ("CapacityUnits", false, Num),
    ("ReadCapacityUnits", false, Num),
    ("WriteCapacityUnits", false, Num),
    ("Table", false, CAPACITY),
    ("LocalSecondaryIndexes", false, Map(&CAPACITY)),
    ("GlobalSecondaryIndexes", false, Map(&CAPACITY)),
]);

const ITEM_COLLECTION_METRICS: Shape = Struct(&[
    ("ItemCollectionKey", false, ATTRIBUTE_MAP),
    ("SizeEstimateRangeGB", false, List(&Num)),
]);

const DYNAMODB_WRITE: Shape = Struct(&[
    ("Attributes", false, ATTRIBUTE_MAP),
    ("ConsumedCapacity", false, CONSUMED_CAPACITY),
    ("ItemCollectionMetrics", false, ITEM_COLLECTION_METRICS),
]);

const SERVER_SIDE_ENCRYPTION: Shape = Enum(&["AES256", "aws:kms", "aws:kms:dsse"]);
const REQUEST_CHARGED: Shape = Enum(&["requester"]);

/// (service, action, response shape). The action matches the optimized integration
/// (`arn:aws:states:::sns:publish`) and the AWS SDK one (`arn:aws:states:::aws-sdk:sns:publish`)
/// alike, without `.sync`/`.waitForTaskToken` (their results are other shapes).
pub const SHAPES: &[(&str, &str, Shape)] = &[
    (
        "lambda",
        "invoke",
        Struct(&[
            ("StatusCode", false, Int),
            ("FunctionError", false, Str),
            ("LogResult", false, Str),
            ("Payload", false, Any),
            ("ExecutedVersion", false, Str),
        ]),
    ),
    (
        "sns",
        "publish",
        Struct(&[("MessageId", false, Str), ("SequenceNumber", false, Str)]),
    ),
    (
        "sqs",
        "sendMessage",
        Struct(&[
            ("MD5OfMessageBody", false, Str),
            ("MD5OfMessageAttributes", false, Str),
            ("MD5OfMessageSystemAttributes", false, Str),
            ("MessageId", false, Str),
            ("SequenceNumber", false, Str),
        ]),
    ),
    (
        "dynamodb",
        "getItem",
        Struct(&[
            ("Item", false, ATTRIBUTE_MAP),
            ("ConsumedCapacity", false, CONSUMED_CAPACITY),
        ]),
    ),
    ("dynamodb", "putItem", DYNAMODB_WRITE),
    ("dynamodb", "updateItem", DYNAMODB_WRITE),
    (
        "dynamodb",
        "query",
        Struct(&[
            ("Items", false, List(&ATTRIBUTE_MAP)),
            ("Count", false, Int),
            ("ScannedCount", false, Int),
            ("LastEvaluatedKey", false, ATTRIBUTE_MAP),
            ("ConsumedCapacity", false, CONSUMED_CAPACITY),
        ]),
    ),
    (
        "s3",
        "getObject",
        Struct(&[
            ("Body", false, Blob),
            ("DeleteMarker", false, Bool),
            ("AcceptRanges", false, Str),
            ("Expiration", false, Str),
            ("Restore", false, Str),
            ("LastModified", false, Timestamp),
            ("ContentLength", false, Int),
            ("ETag", false, Str),
            ("ChecksumCRC32", false, Str),
            ("ChecksumCRC32C", false, Str),
            ("ChecksumSHA1", false, Str),
            ("ChecksumSHA256", false, Str),
            ("MissingMeta", false, Int),
            ("VersionId", false, Str),
            ("CacheControl", false, Str),
            ("ContentDisposition", false, Str),
            ("ContentEncoding", false, Str),
            ("ContentLanguage", false, Str),
            ("ContentRange", false, Str),
            ("ContentType", false, Str),
            ("Expires", false, Timestamp),
            ("WebsiteRedirectLocation", false, Str),
            ("ServerSideEncryption", false, SERVER_SIDE_ENCRYPTION),
            ("Metadata", false, Map(&Str)),
            ("SSECustomerAlgorithm", false, Str),
            ("SSECustomerKeyMD5", false, Str),
            ("SSEKMSKeyId", false, Str),
            ("BucketKeyEnabled", false, Bool),
            (
                "StorageClass",
                false,
                Enum(&[
                    "STANDARD",
                    "REDUCED_REDUNDANCY",
                    "STANDARD_IA",
                    "ONEZONE_IA",
                    "INTELLIGENT_TIERING",
                    "GLACIER",
                    "DEEP_ARCHIVE",
                    "OUTPOSTS",
                    "GLACIER_IR",
                    "SNOW",
                    "EXPRESS_ONEZONE",
                ]),
            ),
            ("RequestCharged", false, REQUEST_CHARGED),
            (
                "ReplicationStatus",
                false,
                Enum(&["COMPLETE", "PENDING", "FAILED", "REPLICA", "COMPLETED"]),
            ),
            ("PartsCount", false, Int),
            ("TagCount", false, Int),
            ("ObjectLockMode", false, Enum(&["GOVERNANCE", "COMPLIANCE"])),
            ("ObjectLockRetainUntilDate", false, Timestamp),
            ("ObjectLockLegalHoldStatus", false, Enum(&["ON", "OFF"])),
        ]),
    ),
    (
        "s3",
        "putObject",
        Struct(&[
            ("Expiration", false, Str),
            ("ETag", false, Str),
            ("ChecksumCRC32", false, Str),
            ("ChecksumCRC32C", false, Str),
            ("ChecksumSHA1", false, Str),
            ("ChecksumSHA256", false, Str),
            ("ServerSideEncryption", false, SERVER_SIDE_ENCRYPTION),
            ("VersionId", false, Str),
            ("SSECustomerAlgorithm", false, Str),
            ("SSECustomerKeyMD5", false, Str),
            ("SSEKMSKeyId", false, Str),
            ("SSEKMSEncryptionContext", false, Str),
            ("BucketKeyEnabled", false, Bool),
            ("Size", false, Int),
            ("RequestCharged", false, REQUEST_CHARGED),
        ]),
    ),
    (
        "events",
        "putEvents",
        Struct(&[
            ("FailedEntryCount", false, Int),
            (
                "Entries",
                false,
                List(&Struct(&[
                    ("EventId", false, Str),
                    ("ErrorCode", false, Str),
                    ("ErrorMessage", false, Str),
                ])),
            ),
        ]),
    ),
    (
        "states",
        "startExecution",
        Struct(&[("ExecutionArn", true, Str), ("StartDate", true, Timestamp)]),
    ),
    (
        "batch",
        "submitJob",
        Struct(&[
            ("JobArn", false, Str),
            ("JobName", true, Str),
            ("JobId", true, Str),
        ]),
    ),
    (
        "sagemaker",
        "createTrainingJob",
        Struct(&[("TrainingJobArn", true, Str)]),
    ),
    (
        "sagemaker",
        "createTransformJob",
        Struct(&[("TransformJobArn", true, Str)]),
    ),
];

/// The shape of a Task `Resource`'s response, when it is one of [`SHAPES`].
pub fn shape_of(resource: &str) -> Option<&'static Shape> {
    let rest = resource.strip_prefix("arn:")?.split_once(":states:::")?.1;
    let rest = rest.strip_prefix("aws-sdk:").unwrap_or(rest);
    let (service, action) = rest.split_once(':')?;
    if action.contains('.') {
        return None;
    }
    SHAPES
        .iter()
        .find(|(s, a, _)| *s == service && a.eq_ignore_ascii_case(action))
        .map(|(_, _, shape)| shape)
}

/// Checks a mocked result against `shape`: `Err` carries AWS's message.
pub fn check(value: &Value, shape: &Shape, mode: FieldValidationMode) -> Result<(), String> {
    if mode == FieldValidationMode::None || value.is_null() {
        return Ok(());
    }
    check_value(value, shape, "", mode)
}

fn fail(field: &str, what: &str) -> Result<(), String> {
    Err(format!(
        "Mock result schema validation error: Field '{field}' {what}"
    ))
}

fn check_value(
    value: &Value,
    shape: &Shape,
    field: &str,
    mode: FieldValidationMode,
) -> Result<(), String> {
    match shape {
        Any => Ok(()),
        Str | Timestamp | Blob if !value.is_string() => fail(field, "must be a string"),
        Str | Timestamp | Blob => Ok(()),
        Enum(allowed) => match value.as_str() {
            None => fail(field, "must be a string"),
            Some(s) if !allowed.contains(&s) => fail(field, "is not an expected value"),
            Some(_) => Ok(()),
        },
        Num if !value.is_number() => fail(field, "must be a number"),
        Int if !(value.is_i64() || value.is_u64()) => fail(field, "must be a number"),
        Num | Int => Ok(()),
        Bool if !value.is_boolean() => fail(field, "must be a boolean"),
        Bool => Ok(()),
        List(item) => match value.as_array() {
            None => fail(field, "must be an array"),
            Some(items) => items
                .iter()
                .try_for_each(|v| check_value(v, item, field, mode)),
        },
        Map(item) => match value.as_object() {
            None => fail(field, "must be an object"),
            Some(members) => members
                .values()
                .try_for_each(|v| check_value(v, item, field, mode)),
        },
        Struct(members) => {
            let Some(object) = value.as_object() else {
                return if field.is_empty() {
                    Err("Mock result schema validation error: The mocked result must be a JSON object".into())
                } else {
                    fail(field, "must be an object")
                };
            };
            if mode == FieldValidationMode::Strict {
                if let Some((name, _, _)) = members
                    .iter()
                    .find(|(name, required, _)| *required && !object.contains_key(*name))
                {
                    return Err(format!(
                        "Mock result schema validation error: Required field '{name}' is missing"
                    ));
                }
            }
            for (key, v) in object {
                if let Some((name, _, member)) = members.iter().find(|(name, _, _)| name == key) {
                    check_value(v, member, name, mode)?;
                }
            }
            Ok(())
        }
        AttributeValue => check_value(value, &ATTRIBUTE_VALUE, field, mode),
    }
}

/// One DynamoDB attribute value: exactly one of these members in practice.
const ATTRIBUTE_VALUE: Shape = Struct(&[
    ("S", false, Str),
    ("N", false, Str),
    ("B", false, Blob),
    ("SS", false, List(&Str)),
    ("NS", false, List(&Str)),
    ("BS", false, List(&Blob)),
    ("M", false, ATTRIBUTE_MAP),
    ("L", false, List(&AttributeValue)),
    ("NULL", false, Bool),
    ("BOOL", false, Bool),
]);
