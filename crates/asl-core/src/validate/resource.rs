//! Task `Resource` ARN shapes: optimized integrations (`arn:aws:states:::service:api`,
//! with `.sync`, `.sync:2` or `.waitForTaskToken`), AWS SDK integrations, Lambda function
//! ARNs and activity ARNs. Anything else earns an `INVALID_RESOURCE` warning.

/// Recognised Resource shapes: optimized and SDK integrations, Lambda functions, activities.
pub(crate) fn resource_shape_ok(r: &str) -> bool {
    let parts: Vec<&str> = r.splitn(7, ':').collect();
    if parts.len() < 6 || parts[0] != "arn" || parts[1].is_empty() {
        return false;
    }
    let nonempty = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
    match (parts[2], parts.get(5), parts.get(6)) {
        ("states", Some(&"aws-sdk"), Some(rest)) => {
            parts[3].is_empty()
                && parts[4].is_empty()
                && rest.split(':').count() == 2
                && rest.split(':').all(nonempty)
        }
        ("states", Some(service), Some(api)) if parts[3].is_empty() && parts[4].is_empty() => {
            nonempty(service) && nonempty(api)
        }
        ("states", Some(&"activity"), Some(name)) => nonempty(name),
        ("lambda", Some(&"function"), Some(name)) => name.split(':').all(nonempty),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::resource_shape_ok;

    #[test]
    fn resource_shapes() {
        for r in [
            "arn:aws:states:::lambda:invoke",
            "arn:aws:states:::sagemaker:createTrainingJob.sync",
            "arn:aws:states:::states:startExecution.sync:2",
            "arn:aws:states:::aws-sdk:s3:listBuckets",
            "arn:aws:lambda:us-east-1:123456789012:function:Fn",
            "arn:aws:lambda:us-east-1:123456789012:function:Fn:$LATEST",
            "arn:aws:states:us-east-1:123456789012:activity:Act",
            "arn:aws-cn:states:::sqs:sendMessage.waitForTaskToken",
        ] {
            assert!(resource_shape_ok(r), "{r}");
        }
        for r in [
            "",
            "lambda",
            "arn:aws:states:::lambda",
            "arn:aws:s3:::bucket",
            "arn:aws:states:::aws-sdk:s3",
        ] {
            assert!(!resource_shape_ok(r), "{r}");
        }
    }
}
