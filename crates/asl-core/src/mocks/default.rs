//! [`DefaultHost`]: what a Task returns when nothing mocks it. Each response is shaped like
//! the real integration's so that `ResultSelector`s written for AWS keep working:
//!
//! | resource | result |
//! |---|---|
//! | `arn:aws:states:::lambda:invoke` (any suffix) | `{ExecutedVersion: "$LATEST", Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode: 200}`; `Payload` echoes the input's `Payload` field (or the whole input when it has none), as an echo function would |
//! | `arn:aws:states:::sns:publish` | `{MessageId, SdkHttpMetadata, SdkResponseMetadata}` |
//! | `arn:aws:states:::batch:submitJob.sync` | a finished job description (`Status: "SUCCEEDED"`) |
//! | `arn:aws:states:::sagemaker:create{Training,Transform,HyperParameterTuning}Job.sync` | the finished `Describe*Job` response (status `Completed`) |
//! | legacy Lambda ARN `arn:aws:lambda:…:function:…` | the input (an echo function) |
//! | anything else | the input |
//!
//! Ids (`MessageId`, `RequestId`, job ids) are v4 UUIDs drawn from the seeded generator, so
//! runs stay reproducible. Every result is flagged `unmocked`, which the history shows.

use crate::doc::Doc;
use crate::host::{Host, TaskCall, TaskOutcome};

/// SplitMix64: a tiny, well-distributed, seedable generator (no dependency, same numbers on
/// every platform, which keeps histories byte-identical between the CLI and the browser).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A random (version 4) UUID.
    pub fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000;
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

/// The host used when no mock file is given: every Task succeeds at once with a default
/// response (see the module docs).
#[derive(Debug, Clone)]
pub struct DefaultHost {
    rng: SplitMix64,
    /// The run's virtual S3 (empty: a run without a mock file may still write to it).
    s3: crate::s3::S3Store,
}

impl DefaultHost {
    /// A default host whose random numbers come from `seed`.
    pub fn with_seed(seed: u64) -> Self {
        DefaultHost {
            rng: SplitMix64::new(seed),
            s3: Default::default(),
        }
    }

    /// The default result for a call (also used by [`super::MockHost`] for unmocked states).
    pub fn default_result(&mut self, call: &TaskCall<'_>) -> Doc {
        let resource = call.resource;
        let input = call.input;
        let field = |name: &str| input.get(name).cloned().unwrap_or(Doc::Null);
        if let Some(api) = resource.strip_prefix("arn:aws:states:::") {
            let api = api.split(".waitForTaskToken").next().unwrap_or(api);
            if api.starts_with("lambda:invoke") {
                let payload = input
                    .get("Payload")
                    .cloned()
                    .unwrap_or_else(|| input.clone());
                let request_id = self.rng.uuid();
                return Doc::object_of([
                    ("ExecutedVersion", Doc::from("$LATEST")),
                    ("Payload", payload),
                    ("SdkHttpMetadata", http_metadata(&request_id)),
                    (
                        "SdkResponseMetadata",
                        Doc::object_of([("RequestId", request_id.into())]),
                    ),
                    ("StatusCode", Doc::from(200u64)),
                ]);
            }
            if api == "sns:publish" {
                let message_id = self.rng.uuid();
                let request_id = self.rng.uuid();
                return Doc::object_of([
                    ("MessageId", message_id.into()),
                    ("SdkHttpMetadata", http_metadata(&request_id)),
                    (
                        "SdkResponseMetadata",
                        Doc::object_of([("RequestId", request_id.into())]),
                    ),
                ]);
            }
            if api == "batch:submitJob.sync" {
                let job_id = self.rng.uuid();
                let or_empty =
                    |name: &str| input.get(name).cloned().unwrap_or_else(Doc::empty_object);
                return Doc::object_of([
                    ("JobId", job_id.into()),
                    ("JobName", field("JobName")),
                    ("JobQueue", field("JobQueue")),
                    ("JobDefinition", field("JobDefinition")),
                    ("Status", Doc::from("SUCCEEDED")),
                    (
                        "StatusReason",
                        Doc::from("Essential container in task exited"),
                    ),
                    ("Attempts", Doc::array(Vec::new())),
                    ("Container", Doc::object_of([("ExitCode", Doc::from(0u64))])),
                    ("DependsOn", Doc::array(Vec::new())),
                    ("Parameters", or_empty("Parameters")),
                    ("Tags", or_empty("Tags")),
                ]);
            }
            if let Some(kind) = api
                .strip_prefix("sagemaker:create")
                .and_then(|rest| rest.strip_suffix("Job.sync"))
            {
                // createTrainingJob → TrainingJobName/TrainingJobStatus, and so on.
                let mut out = input.as_object().cloned().unwrap_or_default();
                let name = field(&format!("{kind}JobName"));
                let arn = format!(
                    "arn:aws:sagemaker:us-east-1:123456789012:{}-job/{}",
                    kind.to_ascii_lowercase(),
                    name.as_str().unwrap_or("job")
                );
                out.insert(format!("{kind}JobArn").into(), arn.into());
                out.insert(format!("{kind}JobStatus").into(), "Completed".into());
                return Doc::object(out);
            }
        }
        input.clone()
    }

    /// A random number from the seeded generator.
    pub fn next_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }
}

fn http_metadata(request_id: &str) -> Doc {
    Doc::object_of([
        (
            "AllHttpHeaders",
            Doc::object_of([
                ("Content-Type", Doc::array(vec!["application/json".into()])),
                ("x-amzn-RequestId", Doc::array(vec![request_id.into()])),
            ]),
        ),
        (
            "HttpHeaders",
            Doc::object_of([
                ("Content-Type", "application/json".into()),
                ("x-amzn-RequestId", request_id.into()),
            ]),
        ),
        ("HttpStatusCode", Doc::from(200u64)),
    ])
}

impl Host for DefaultHost {
    fn invoke(&mut self, call: &TaskCall<'_>) -> TaskOutcome {
        if let Some(outcome) = crate::s3::answer_task(&mut self.s3, call) {
            return outcome;
        }
        TaskOutcome::Return {
            output: self.default_result(call),
            duration_ms: 0,
            unmocked: true,
        }
    }

    fn random_u64(&mut self) -> u64 {
        self.rng.next_u64()
    }

    fn s3_get_object(
        &mut self,
        bucket: &str,
        key: &str,
    ) -> Result<String, crate::error::StatesError> {
        self.s3.read(bucket, key).map(str::to_owned)
    }

    fn s3_put_object(
        &mut self,
        bucket: &str,
        key: &str,
        body: String,
    ) -> Result<(), crate::error::StatesError> {
        self.s3.put(bucket, key, body)
    }

    fn s3_list_objects(
        &mut self,
        bucket: &str,
        prefix: &str,
    ) -> Result<Vec<crate::s3::S3Listing>, crate::error::StatesError> {
        self.s3.list(bucket, prefix)
    }

    fn s3_store(&self) -> Option<&crate::s3::S3Store> {
        Some(&self.s3)
    }
}
