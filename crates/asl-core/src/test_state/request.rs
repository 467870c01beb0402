//! A TestState request as the API takes it (`aws stepfunctions test-state
//! --cli-input-json`): every field checked, each refusal in AWS's words.

use serde_json::{Map, Value};

use super::{BadRequest, VALIDATION};

/// How much of the data flow the response shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionLevel {
    /// `output`, `error`, `cause`, `nextState`, `status` only.
    Info,
    /// Adds `inspectionData`.
    Debug,
    /// Adds the HTTP request and response of HTTP Tasks (none offline: as `Debug`).
    Trace,
}

/// `mock.fieldValidationMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldValidationMode {
    /// Fields of the integration's response shape are type-checked and required ones must
    /// be there (the default).
    Strict,
    /// Only the fields present are type-checked.
    Present,
    /// Any JSON.
    None,
}

/// `mock`: what the state's work returns instead of calling the service.
#[derive(Debug, Clone, PartialEq)]
pub enum Mock {
    /// `result`, parsed.
    Result(Value),
    /// `errorOutput`.
    Error {
        /// `errorOutput.error`.
        error: String,
        /// `errorOutput.cause`.
        cause: Option<String>,
    },
}

/// A parsed request.
#[derive(Debug, Clone)]
pub struct Request {
    /// The state alone or a whole state machine (with `stateName`).
    pub definition: Value,
    /// `stateName`.
    pub state_name: Option<String>,
    /// `input`, parsed (`{}` when absent).
    pub input: Value,
    /// `context`, parsed.
    pub context: Option<Value>,
    /// `variables`, parsed.
    pub variables: Map<String, Value>,
    /// `inspectionLevel`.
    pub inspection_level: InspectionLevel,
    /// `mock`.
    pub mock: Option<Mock>,
    /// `mock.fieldValidationMode`.
    pub field_validation: FieldValidationMode,
    /// `roleArn` given.
    pub has_role_arn: bool,
    /// `stateConfiguration.retrierRetryCount` (0 when absent).
    pub retrier_retry_count: u64,
    /// `stateConfiguration.errorCausedByState`.
    pub error_caused_by_state: Option<String>,
    /// `stateConfiguration.mapIterationFailureCount`.
    pub map_iteration_failure_count: Option<u64>,
    /// `stateConfiguration.mapItemReaderData`, as given: the reader's source text (a JSON
    /// array, JSON Lines, CSV or a manifest, per the `ItemReader`'s `InputType`).
    pub map_item_reader_data: Option<String>,
}

const FIELDS: &[&str] = &[
    "definition",
    "roleArn",
    "input",
    "inspectionLevel",
    "revealSecrets",
    "variables",
    "stateName",
    "mock",
    "context",
    "stateConfiguration",
];

fn bad(message: impl Into<String>) -> BadRequest {
    BadRequest::new(VALIDATION, message)
}

/// AWS's wording for a value outside an enum.
fn enum_error(value: &str, field: &str, allowed: &str) -> BadRequest {
    bad(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: \
         Member must satisfy enum value set: [{allowed}]"
    ))
}

fn string_field<'a>(
    object: &'a Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'a str>, BadRequest> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(bad(format!(
            "Invalid type for parameter {path}, expected a string"
        ))),
    }
}

fn json_text(text: &str, what: &str) -> Result<Value, BadRequest> {
    serde_json::from_str(text).map_err(|e| bad(format!("{what} must be valid JSON: {e}")))
}

impl Request {
    /// Reads a request body. Unknown fields, wrong types and malformed JSON texts are
    /// refused as the API (or the AWS CLI in front of it) refuses them.
    pub fn parse(body: &Value) -> Result<Request, BadRequest> {
        let Some(object) = body.as_object() else {
            return Err(bad("The request body must be a JSON object"));
        };
        if let Some(unknown) = object.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(bad(format!(
                "Unknown parameter in input: \"{unknown}\", must be one of: {}",
                FIELDS.join(", ")
            )));
        }
        let definition = match object.get("definition") {
            None | Some(Value::Null) => {
                return Err(bad("Missing required parameter in input: \"definition\""))
            }
            // AWS takes the definition as a JSON string; an object is accepted for convenience.
            Some(Value::String(text)) => serde_json::from_str(text).map_err(|e| {
                BadRequest::new(
                    super::INVALID_DEFINITION,
                    format!("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: {e}'"),
                )
            })?,
            Some(value @ Value::Object(_)) => value.clone(),
            Some(_) => {
                return Err(bad(
                    "Invalid type for parameter definition, expected a string",
                ))
            }
        };
        let input = match string_field(object, "input", "input")? {
            None => Value::Object(Map::new()),
            Some(text) => serde_json::from_str(text).map_err(|e| {
                BadRequest::new(
                    super::INVALID_EXECUTION_INPUT,
                    format!(
                        "Invalid State Machine Execution Input: 'INVALID_JSON_DESCRIPTION: {e}'"
                    ),
                )
            })?,
        };
        let context = match string_field(object, "context", "context")? {
            None => None,
            Some(text) => match json_text(text, "context")? {
                value @ Value::Object(_) => Some(value),
                _ => return Err(bad("context must be a JSON object")),
            },
        };
        let variables = match string_field(object, "variables", "variables")? {
            None => Map::new(),
            Some(text) => match json_text(text, "variables")? {
                Value::Object(map) => map,
                _ => return Err(bad("variables must be a JSON object")),
            },
        };
        let inspection_level = match string_field(object, "inspectionLevel", "inspectionLevel")? {
            None | Some("INFO") => InspectionLevel::Info,
            Some("DEBUG") => InspectionLevel::Debug,
            Some("TRACE") => InspectionLevel::Trace,
            Some(other) => return Err(enum_error(other, "inspectionLevel", "INFO, DEBUG, TRACE")),
        };
        let reveal_secrets = match object.get("revealSecrets") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(bad(
                    "Invalid type for parameter revealSecrets, expected a boolean",
                ))
            }
        };
        let state_name = string_field(object, "stateName", "stateName")?.map(str::to_owned);
        let has_role_arn = string_field(object, "roleArn", "roleArn")?.is_some();
        let (mock, field_validation) = parse_mock(object.get("mock"))?;
        if mock.is_some() && reveal_secrets {
            return Err(bad(
                "TestState does not support RevealSecrets when a mock is specified.",
            ));
        }
        let mut request = Request {
            definition,
            state_name,
            input,
            context,
            variables,
            inspection_level,
            mock,
            field_validation,
            has_role_arn,
            retrier_retry_count: 0,
            error_caused_by_state: None,
            map_iteration_failure_count: None,
            map_item_reader_data: None,
        };
        request.parse_configuration(object.get("stateConfiguration"))?;
        Ok(request)
    }

    fn parse_configuration(&mut self, value: Option<&Value>) -> Result<(), BadRequest> {
        let config = match value {
            None | Some(Value::Null) => return Ok(()),
            Some(Value::Object(config)) => config,
            Some(_) => return Err(bad("stateConfiguration must be an object")),
        };
        const KEYS: &[&str] = &[
            "retrierRetryCount",
            "errorCausedByState",
            "mapIterationFailureCount",
            "mapItemReaderData",
        ];
        if let Some(unknown) = config.keys().find(|k| !KEYS.contains(&k.as_str())) {
            return Err(bad(format!(
                "Unknown parameter in stateConfiguration: \"{unknown}\", must be one of: {}",
                KEYS.join(", ")
            )));
        }
        let count = |key: &str| -> Result<Option<u64>, BadRequest> {
            match config.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => v.as_u64().map(Some).ok_or_else(|| {
                    bad(format!(
                        "1 validation error detected: Value at 'stateConfiguration.{key}' \
                         failed to satisfy constraint: Member must have value greater than or equal to 0"
                    ))
                }),
            }
        };
        self.retrier_retry_count = count("retrierRetryCount")?.unwrap_or(0);
        self.map_iteration_failure_count = count("mapIterationFailureCount")?;
        self.error_caused_by_state = string_field(
            config,
            "errorCausedByState",
            "stateConfiguration.errorCausedByState",
        )?
        .map(str::to_owned);
        if let Some(text) = string_field(
            config,
            "mapItemReaderData",
            "stateConfiguration.mapItemReaderData",
        )? {
            self.map_item_reader_data = Some(text.to_owned());
        }
        Ok(())
    }
}

fn parse_mock(value: Option<&Value>) -> Result<(Option<Mock>, FieldValidationMode), BadRequest> {
    let mock = match value {
        None | Some(Value::Null) => return Ok((None, FieldValidationMode::Strict)),
        Some(Value::Object(mock)) => mock,
        Some(_) => return Err(bad("mock must be an object")),
    };
    if let Some(unknown) = mock
        .keys()
        .find(|k| !["result", "errorOutput", "fieldValidationMode"].contains(&k.as_str()))
    {
        return Err(bad(format!(
            "Unknown parameter in mock: \"{unknown}\", must be one of: result, errorOutput, fieldValidationMode"
        )));
    }
    let mode = match string_field(mock, "fieldValidationMode", "mock.fieldValidationMode")? {
        None | Some("STRICT") => FieldValidationMode::Strict,
        Some("PRESENT") => FieldValidationMode::Present,
        Some("NONE") => FieldValidationMode::None,
        Some(other) => {
            return Err(enum_error(
                other,
                "mock.fieldValidationMode",
                "STRICT, PRESENT, NONE",
            ))
        }
    };
    let result = string_field(mock, "result", "mock.result")?;
    let error_output = match mock.get("errorOutput") {
        None | Some(Value::Null) => None,
        Some(Value::Object(e)) => Some(e),
        Some(_) => return Err(bad("mock.errorOutput must be an object")),
    };
    let parsed =
        match (result, error_output) {
            (Some(_), Some(_)) => return Err(bad(
                "A test mock should have only one of the following fields: [result, errorOutput].",
            )),
            (Some(text), None) => Mock::Result(
                serde_json::from_str(text).map_err(|_| bad("Mocked result must be valid JSON"))?,
            ),
            (None, Some(e)) => Mock::Error {
                error: string_field(e, "error", "mock.errorOutput.error")?
                    .unwrap_or_default()
                    .to_owned(),
                cause: string_field(e, "cause", "mock.errorOutput.cause")?.map(str::to_owned),
            },
            (None, None) => {
                return Err(bad(
                    "A test mock should have one of the following fields: [result, errorOutput].",
                ))
            }
        };
    Ok((Some(parsed), mode))
}
