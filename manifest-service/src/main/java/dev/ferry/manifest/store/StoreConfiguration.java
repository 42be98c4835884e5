package dev.ferry.manifest.store;

import dev.ferry.manifest.ManifestProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  @Bean
  VerifiedManifests verifiedManifests(ManifestProperties properties) {
    return new VerifiedManifests(properties.verifiedCacheSize().toBytes());
  }
}
