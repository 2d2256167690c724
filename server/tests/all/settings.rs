//! Start-up settings: which wellbeing framework a deployment uses.

#[test]
fn a_deployment_can_use_either_shipped_framework_or_its_own_file() {
    assert_eq!(server::load_framework("scotland").unwrap().areas.len(), 7);
    assert_eq!(server::load_framework("england").unwrap().id, "england");

    let dir = std::env::temp_dir().join(format!("carerspace-framework-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut own: serde_json::Value = serde_json::from_str(app::framework::SCOTLAND).unwrap();
    own["id"] = "our-centre".into();
    own["areas"][0]["title"] = "Your health".into();
    let path = dir.join("ours.json");
    std::fs::write(&path, own.to_string()).unwrap();
    let loaded = server::load_framework(path.to_str().unwrap()).unwrap();
    assert_eq!((loaded.id.as_str(), loaded.areas[0].title.as_str()), ("our-centre", "Your health"));

    own["areas"][1]["descriptors"] = serde_json::json!([]);
    std::fs::write(&path, own.to_string()).unwrap();
    let err = server::load_framework(path.to_str().unwrap()).unwrap_err().to_string();
    assert!(err.contains("area 'relationships' has 0 impact descriptors"), "{err}");
    let missing = server::load_framework("/no/such/file.json").unwrap_err().to_string();
    assert!(missing.contains("cannot read the framework file"), "{missing}");
    assert!(server::load_framework("wales").is_err());
    let _ = std::fs::remove_dir_all(&dir);
}
