//! `asl test-state REQUEST.json`: AWS Step Functions' TestState API answered offline by
//! `asl_core::test_state`. The request is the JSON `aws stepfunctions test-state
//! --cli-input-json` takes (the definition as a JSON string, or an object); the response is
//! printed in the API's shape. Exit 0 for any answered request (a state that fails is a
//! `FAILED` response), 2 for one AWS would refuse, printed as the AWS CLI prints it.

use std::process::ExitCode;

use asl_core::test_state;

use crate::{input, CliError, EXIT_USAGE};

const HELP: &str = "\
usage: asl test-state REQUEST.json

Answers a TestState request offline: REQUEST.json (or - for standard input) is the body
`aws stepfunctions test-state --cli-input-json` takes: definition (a JSON string or an
object), stateName, input, context, variables, inspectionLevel INFO|DEBUG|TRACE,
mock {result | errorOutput, fieldValidationMode STRICT|PRESENT|NONE}, stateConfiguration
{retrierRetryCount, errorCausedByState, mapIterationFailureCount, mapItemReaderData}.
Prints the response (output, error, cause, inspectionData, nextState, status).
Exit status: 0 answered (whatever the status), 2 a request AWS would refuse.";

pub(crate) fn main(mut parser: lexopt::Parser) -> Result<ExitCode, CliError> {
    use lexopt::prelude::*;
    let mut file = None;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("help") | Short('h') => {
                println!("{HELP}");
                return Ok(ExitCode::SUCCESS);
            }
            Value(v) if file.is_none() => file = Some(crate::definition::text(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    let file = file.ok_or_else(|| CliError::Usage("missing REQUEST.json".into()))?;
    let (_, text) = input::read(&file)?;
    match test_state::test_state_text(&text) {
        Ok(response) => {
            let pretty = serde_json::to_string_pretty(&response)
                .map_err(|e| CliError::Input(e.to_string()))?;
            println!("{pretty}");
            Ok(ExitCode::SUCCESS)
        }
        Err(refused) => {
            // The AWS CLI's own wording, so scripts that grep for it work on both.
            eprintln!(
                "An error occurred ({}) when calling the TestState operation: {}",
                refused.name, refused.message
            );
            Ok(ExitCode::from(EXIT_USAGE))
        }
    }
}
