//! Realistic stand-ins for what CloudFormation would only know once a stack is deployed: the
//! value of `Ref` and `Fn::GetAtt` for a template's own resources, and the pseudo parameters.
//!
//! Shapes follow each resource type's "Return values" section of the CloudFormation
//! reference (a function's `Ref` is its name and `Arn` its ARN; a queue's `Ref` is its URL; a
//! table's `Ref` is its name; a state machine's `Ref` is its ARN, …). Names come from the
//! resource's own name property when it is a literal, else from its logical id.

use serde_json::Value;

/// The account id SAM CLI and the AWS documentation use in examples.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";
/// The default region (as `sam local` uses when none is configured).
pub const DEFAULT_REGION: &str = "us-east-1";
/// The stack name used for `AWS::StackName` and generated resource names.
pub const DEFAULT_STACK_NAME: &str = "local-stack";

/// Pseudo parameters; `region`, `account` and `stack` come from [`Pseudo`].
#[derive(Debug, Clone)]
pub struct Pseudo {
    /// `AWS::Region`.
    pub region: String,
    /// `AWS::AccountId`.
    pub account: String,
    /// `AWS::StackName`.
    pub stack: String,
}

impl Default for Pseudo {
    fn default() -> Self {
        Pseudo {
            region: DEFAULT_REGION.into(),
            account: DEFAULT_ACCOUNT_ID.into(),
            stack: DEFAULT_STACK_NAME.into(),
        }
    }
}

impl Pseudo {
    /// `aws`, `aws-cn` or `aws-us-gov`, from the region.
    pub fn partition(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }

    fn url_suffix(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        }
    }

    /// The value of a pseudo parameter (`AWS::NoValue` is handled by the resolver).
    pub fn get(&self, name: &str) -> Option<Value> {
        let s = |v: String| Some(Value::String(v));
        match name {
            "AWS::Region" => s(self.region.clone()),
            "AWS::AccountId" => s(self.account.clone()),
            "AWS::Partition" => s(self.partition().into()),
            "AWS::StackName" => s(self.stack.clone()),
            "AWS::StackId" => s(format!(
                "arn:{}:cloudformation:{}:{}:stack/{}/00000000-0000-0000-0000-000000000000",
                self.partition(),
                self.region,
                self.account,
                self.stack
            )),
            "AWS::URLSuffix" => s(self.url_suffix().into()),
            "AWS::NotificationARNs" => Some(Value::Array(Vec::new())),
            _ => None,
        }
    }

    fn arn(&self, service: &str, resource: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{resource}",
            self.partition(),
            self.region,
            self.account
        )
    }

    /// The `Ref` of a resource of type `kind`, named `name`.
    pub fn reference(&self, kind: &str, name: &str) -> String {
        match kind {
            "AWS::SQS::Queue" => format!(
                "https://sqs.{}.{}/{}/{name}",
                self.region,
                self.url_suffix(),
                self.account
            ),
            "AWS::SNS::Topic" => self.arn("sns", name),
            "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => {
                self.arn("states", &format!("stateMachine:{name}"))
            }
            "AWS::StepFunctions::Activity" => self.arn("states", &format!("activity:{name}")),
            "AWS::Lambda::Version" => self.arn("lambda", &format!("function:{name}:1")),
            "AWS::Lambda::Alias" => self.arn("lambda", &format!("function:{name}:live")),
            "AWS::Batch::JobQueue" => self.arn("batch", &format!("job-queue/{name}")),
            "AWS::Batch::JobDefinition" => self.arn("batch", &format!("job-definition/{name}:1")),
            "AWS::ECS::TaskDefinition" => self.arn("ecs", &format!("task-definition/{name}:1")),
            "AWS::SecretsManager::Secret" => self.arn("secretsmanager", &format!("secret:{name}")),
            _ => name.to_string(),
        }
    }

    /// `Fn::GetAtt` of a resource; `None` for an attribute this type does not have.
    pub fn attribute(&self, kind: &str, name: &str, attribute: &str) -> Option<String> {
        let p = self.partition();
        let v = match (kind, attribute) {
            ("AWS::Lambda::Function" | "AWS::Serverless::Function", "Arn") => {
                self.arn("lambda", &format!("function:{name}"))
            }
            ("AWS::SQS::Queue", "Arn") => self.arn("sqs", name),
            ("AWS::SQS::Queue", "QueueName") => name.into(),
            ("AWS::SQS::Queue", "QueueUrl") => self.reference(kind, name),
            ("AWS::SNS::Topic", "TopicArn") => self.arn("sns", name),
            ("AWS::SNS::Topic", "TopicName") => name.into(),
            ("AWS::DynamoDB::Table" | "AWS::Serverless::SimpleTable", "Arn") => {
                self.arn("dynamodb", &format!("table/{name}"))
            }
            ("AWS::DynamoDB::Table", "StreamArn") => self.arn(
                "dynamodb",
                &format!("table/{name}/stream/2024-01-01T00:00:00.000"),
            ),
            ("AWS::S3::Bucket", "Arn") => format!("arn:{p}:s3:::{name}"),
            ("AWS::S3::Bucket", "DomainName") => format!("{name}.s3.amazonaws.com"),
            ("AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine", "Arn") => {
                self.reference(kind, name)
            }
            (
                "AWS::StepFunctions::StateMachine"
                | "AWS::Serverless::StateMachine"
                | "AWS::StepFunctions::Activity",
                "Name",
            ) => name.into(),
            ("AWS::IAM::Role", "Arn") => format!("arn:{p}:iam::{}:role/{name}", self.account),
            ("AWS::IAM::Role", "RoleId") => "AROA0000000000EXAMPLE".into(),
            ("AWS::Events::EventBus", "Arn") => self.arn("events", &format!("event-bus/{name}")),
            ("AWS::Events::EventBus", "Name") => name.into(),
            ("AWS::ECS::Cluster", "Arn") => self.arn("ecs", &format!("cluster/{name}")),
            ("AWS::Glue::Job", "Arn") => self.arn("glue", &format!("job/{name}")),
            ("AWS::KMS::Key", "Arn") => self.arn("kms", &format!("key/{name}")),
            ("AWS::Kinesis::Stream", "Arn") => self.arn("kinesis", &format!("stream/{name}")),
            ("AWS::Logs::LogGroup", "Arn") => self.arn("logs", &format!("log-group:{name}:*")),
            // Any other ARN: the service from the type, the name as the resource.
            (_, "Arn") => {
                let service = kind.split("::").nth(1).unwrap_or("service").to_lowercase();
                self.arn(&service, name)
            }
            (_, "Name") => name.into(),
            _ => return None,
        };
        Some(v)
    }
}

/// The resource property that holds a type's physical name, when it has one.
pub fn name_property(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "AWS::Lambda::Function" | "AWS::Serverless::Function" => "FunctionName",
        "AWS::SQS::Queue" => "QueueName",
        "AWS::SNS::Topic" => "TopicName",
        "AWS::DynamoDB::Table" | "AWS::Serverless::SimpleTable" => "TableName",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => "StateMachineName",
        "AWS::StepFunctions::Activity" => "Name",
        "AWS::IAM::Role" => "RoleName",
        "AWS::Events::EventBus" => "Name",
        "AWS::ECS::Cluster" => "ClusterName",
        "AWS::Glue::Job" => "Name",
        "AWS::Kinesis::Stream" => "Name",
        "AWS::Logs::LogGroup" => "LogGroupName",
        _ => return None,
    })
}
